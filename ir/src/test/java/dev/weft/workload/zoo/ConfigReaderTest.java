package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.error.WeftInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each accessor of a model config at the edges of what it accepts: the smallest valid value, and the one below. */
class ConfigReaderTest {

    private static ConfigReader config(String json) throws Exception {
        return new ConfigReader("config.json", new ObjectMapper().readTree(json));
    }

    private static void refused(String field, org.junit.jupiter.api.function.Executable read) {
        WeftInputException e = assertThrows(WeftInputException.class, read);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void positiveIntegersStartAtOneAndEndAtTheIntRange() throws Exception {
        ConfigReader c = config("{\"one\": 1, \"zero\": 0, \"max\": 2147483647, \"over\": 2147483648, \"half\": 1.5}");
        assertEquals(1, c.positiveInt("one"));
        assertEquals(Integer.MAX_VALUE, c.positiveInt("max"));
        refused("zero", () -> c.positiveInt("zero"));
        refused("over", () -> c.positiveInt("over"));
        refused("half", () -> c.positiveInt("half"));
        refused("absent", () -> c.positiveInt("absent"));
        assertEquals(7, c.positiveInt("absent", 7));
        assertEquals(12, c.with("absent", 12).positiveInt("absent"));
    }

    @Test
    void positiveNumbersExcludeZeroAndNullSwitchesOff() throws Exception {
        ConfigReader c = config("{\"small\": 1e-9, \"zero\": 0.0, \"off\": null, \"text\": \"x\", \"one\": 1}");
        assertEquals(1e-9, c.positiveNumber("small", 5), 0);
        assertEquals(5, c.positiveNumber("absent", 5), 0);
        refused("zero", () -> c.positiveNumber("zero", 5));
        refused("text", () -> c.positiveNumber("text", 5));
        assertEquals(0, c.positiveNumberOrNull("off", 3), 0);
        assertEquals(3, c.positiveNumberOrNull("absent", 3), 0);
        assertEquals(1e-9, c.positiveNumberOrNull("small", 3), 0);
        assertEquals(0, c.positiveIntOrNull("off", 4));
        assertEquals(4, c.positiveIntOrNull("absent", 4));
        assertEquals(1, c.positiveIntOrNull("one", 4));
    }

    @Test
    void listsOfPositiveIntegersIndicesAndStrings() throws Exception {
        ConfigReader c = config("{\"depths\": [1, 2], \"bad\": [1, 0], \"empty\": [], \"idx\": [0, 3], "
                + "\"neg\": [-1], \"huge\": [2147483648], \"notlist\": 3, \"types\": [\"a\", \"b\"], \"mixed\": [\"a\", 1]}");
        assertEquals(List.of(1, 2), c.positiveInts("depths", 2));
        refused("depths", () -> c.positiveInts("depths", 3));
        refused("bad[1]", () -> c.positiveInts("bad"));
        refused("empty", () -> c.positiveInts("empty"));
        assertEquals(List.of(0, 3), c.indices("idx"));
        assertEquals(List.of(), c.indices("absent"));
        refused("neg[0]", () -> c.indices("neg"));
        refused("huge[0]", () -> c.indices("huge"));
        refused("notlist", () -> c.indices("notlist"));
        assertEquals(List.of("a", "b"), c.strings("types", 2));
        refused("types", () -> c.strings("types", 3));
        refused("mixed[1]", () -> c.strings("mixed", 2));
        refused("notlist", () -> c.strings("notlist", 1));
    }

    @Test
    void countsAtMostTheirLimitWholeOrSummed() throws Exception {
        ConfigReader c = config("{\"layers\": 1024, \"stages\": [512, 512], \"more\": [512, 513], \"name\": \"x\"}");
        c.atMost("layers", 1024, "layers");
        c.atMost("stages", 1024, "layers");
        c.atMost("absent", 0, "layers");
        c.atMost("name", 0, "layers");
        refused("layers", () -> c.atMost("layers", 1023, "layers"));
        WeftInputException e = assertThrows(WeftInputException.class, () -> c.atMost("more", 1024, "layers"));
        assertTrue(e.getMessage().contains("a total of 1025 layers"), e.getMessage());
    }

    @Test
    void attentionSizesStartAtOne() {
        AttentionCore one = new AttentionCore(1, 1, 1, 1, 1, 1, 0, false);
        assertEquals(1, one.rowsPerKvHead());
        for (int i = 0; i < 6; i++) {
            long[] v = {1, 1, 1, 1, 1, 1};
            v[i] = 0;
            assertThrows(IllegalArgumentException.class,
                    () -> new AttentionCore(v[0], v[1], v[2], v[3], v[4], v[5], 0, false), "size " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new AttentionCore(1, 3, 2, 1, 1, 1, 0, false));
    }
}
