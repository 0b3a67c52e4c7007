package dev.weft.sim.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Doubles spelled as Python 3 and numpy 1.24 spell them (expected strings printed by both). */
class PythonNumbersTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0x1.4f8b588e368f1p-17, 1e-05",
        "0x1.a36e2eb1c432dp-14, 0.0001",
        "0x1.a36e2eb1c432cp-14, 9.999999999999999e-05",
        "0x1.ec00000000000p+6, 123.0",
        "-0x1.a000000000000p+5, -52.0",
        "0x1.1c37937e08000p+53, 1e+16",
        "0x1.aa535d3d0c000p+53, 1.5e+16",
        "0x1.18b54f22aeb00p+50, 1234567890123456.0",
        "0x1.3333333333334p-2, 0.30000000000000004",
        "0x1.5555555555555p-1, 0.6666666666666666",
        "0x1.0f0cf064dd592p+73, 1e+22",
        "0x0.0000000000001p-1022, 5e-324",
        "0x1.fffffffffffffp+1023, 1.7976931348623157e+308",
        "0x1.b69b4ba630f35p+56, 1.2345678901234568e+17",
        "0x1.0000000000000p-1, 0.5",
    })
    void spellsAsPython(String hex, String python) {
        assertEquals(python, PythonNumbers.repr(Double.parseDouble(hex)));
    }

    /** Python divides integers exactly, then rounds; converting the dividend to double first can land one off. */
    @Test
    void dividesIntegersAsPython() {
        assertEquals("5.364696016678239e+16", PythonNumbers.repr(PythonNumbers.divide(3594346331174420016L, 67)));
        assertEquals("5.364696016678238e+16", PythonNumbers.repr((double) 3594346331174420016L / 67));
        assertEquals(0.5, PythonNumbers.divide(1, 2));
    }
}
