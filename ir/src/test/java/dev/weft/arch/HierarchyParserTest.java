package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code weft-arch/2}: the shipped ZigZag machine as a fixture, each bad input one edit of it. */
class HierarchyParserTest {

    @TempDir
    Path dir;

    @Test
    void readsPerOperandChainsPortsAndPrecisions() throws IOException {
        Architecture arch = ArchitectureLoader.load(write(valid()));
        assertTrue(arch.loopNest());
        Hierarchy hierarchy = arch.hierarchy();
        Memory sram = hierarchy.memories().get(1);
        assertEquals(List.of(new Port(Port.Direction.READ, 2048, 64, java.util.Set.of(Operand.INPUT, Operand.OUTPUT)),
                new Port(Port.Direction.WRITE, 2048, 64, java.util.Set.of(Operand.INPUT, Operand.OUTPUT))), sram.ports());
        // 64 bits rounded up from 8, then counted in 2048-bit accesses
        assertEquals(64 / 2048.0, sram.ports().get(0).accesses(8), 1e-12);
        assertEquals(16, hierarchy.bits(hierarchy.memories().get(3), Operand.OUTPUT, true));
        assertTrue(arch.arrays().isEmpty(), "a general spatial array is not a systolic one");
        assertEquals("32x32 int8 MAC", hierarchy.array().summary());
    }

    @Test
    void aSystolicArrayKeepsTheFoldContractsArray() throws IOException {
        Architecture arch = ArchitectureLoader.load(write(preset("systolic-32x32-int8")));
        assertEquals(1, arch.arrays().size());
        assertEquals(Dataflow.WS, arch.arrays().get(0).dataflow());
        assertEquals(List.of("k"), arch.hierarchy().array().dims().get(0).unrolls());
        assertFalse(arch.loopNest(), "a systolic array follows the fold template, not the loop-nest mapper");
        StorageLevel glb = arch.levels().get(1);
        assertEquals(new StorageLevel("GLB", StorageKind.SRAM, 512 * 1024, false, 64, 288, 71, 71), glb);
        // 71 pJ per 64-bit word is 2556 pJ per access of the 2304-bit port
        assertEquals(2556, arch.hierarchy().memories().get(1).readPj(), 1e-9);
        assertFalse(arch.arrays().get(0).weightDoubleBuffering());
    }

    @Test
    void weightDoubleBufferingNeedsAWeightStationaryArrayAndRoomForTheShadows() throws IOException {
        String doubled = preset("systolic-32x32-int8").replace("  systolic: ws\n",
                "  systolic: ws\n  weight_double_buffering: true\n");
        assertTrue(ArchitectureLoader.load(write(doubled)).arrays().get(0).weightDoubleBuffering());
        WeftInputException os = assertThrows(WeftInputException.class,
                () -> ArchitectureLoader.load(write(doubled.replace("systolic: ws", "systolic: os"))));
        assertTrue(os.getMessage().contains("array.weight_double_buffering: applies to a weight-stationary"),
                os.getMessage());
        // int8 weight, input and shadow weight, a 32-bit partial sum: 7 bytes
        assertTrue(ArchitectureLoader.load(write(doubled.replace("size_bytes: 8", "size_bytes: 7"))).arrays()
                .get(0).weightDoubleBuffering());
        WeftInputException small = assertThrows(WeftInputException.class,
                () -> ArchitectureLoader.load(write(doubled.replace("size_bytes: 8", "size_bytes: 6"))));
        assertTrue(small.getMessage().contains("memories[2].size_bytes: 6 bytes per PE cannot hold")
                && small.getMessage().contains("shadow copy of its weights, 7 bytes"), small.getMessage());
    }

    /** What breaks the fold template | a line of systolic-32x32-int8 | what it becomes | the complaint. */
    private static final String[] NOT_A_FOLD_TEMPLATE = {
            "a memory keeping some operands|size_kib: 512\n    holds: [input, weight, output]|size_kib: 512\n    holds: [input, weight]"
                    + "|memories[1].holds: a systolic array's memories hold every operand",
            "a memory serving one row|size_kib: 512\n    holds: [input, weight, output]\n    served: [rows, cols]"
                    + "|size_kib: 512\n    holds: [input, weight, output]\n    served: [rows]"
                    + "|memories[1].served: a systolic array's memories serve the whole array or one PE",
            "no shared buffer|kind: sram\n    size_kib: 512\n    holds: [input, weight, output]\n    served: [rows, cols]"
                    + "|kind: register\n    size_kib: 512\n    holds: [input, weight, output]\n    served: []"
                    + "|memories: no shared on-chip memory",
            "registers too small|size_bytes: 8|size_bytes: 4|memories[2].size_bytes: 4 bytes per PE cannot hold",
            "a general array beside another|  - name: mac\n    dims:\n      - {name: rows, size: 16}\n"
                    + "      - {name: cols, size: 16}\n    systolic: ws\n|  - name: mac\n    dims:\n"
                    + "      - {name: rows, size: 16, unrolls: [k]}\n      - {name: cols, size: 16, unrolls: [n]}\n"
                    + "|arrays[1]: only systolic arrays can stand beside",
    };

    @Test
    void whatBreaksTheFoldTemplateIsNamed() throws IOException {
        for (String line : NOT_A_FOLD_TEMPLATE) {
            String[] parts = line.split("\\|", -1);
            String text = preset(parts[0].startsWith("a general array") ? "edge-xnor-int8" : "systolic-32x32-int8");
            assertTrue(text.contains(parts[1]), parts[0]);
            WeftInputException e = assertThrows(WeftInputException.class,
                    () -> ArchitectureLoader.load(write(text.replace(parts[1], parts[2]))), parts[0]);
            assertTrue(e.getMessage().contains(parts[3]), parts[0] + ": " + e.getMessage());
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(BAD).map(line -> Arguments.of((Object[]) line.split("\\|", -1)));
    }

    /** What is wrong | a line of the fixture | what it becomes | what the one-line complaint says. */
    private static final String[] BAD = {
            "a memory holding nothing|holds: [weight]|holds: []|memories[2].holds: the memory holds nothing",
            "an unknown served dimension|served: [D1, D2]\n    read_pj: 416.16|served: [D1, D9]\n    read_pj: 416.16"
                    + "|memories[1].served: no array dimension is named 'D9'",
            "a capacity below one element|size_bits: 16\n|size_bits: 4\n|memories[3]: holds 4 bits, less than one element",
            "an operand with no way out of a memory|- {kind: read, bits_per_cycle: 2048, min_bits: 64}|"
                    + "- {kind: read, bits_per_cycle: 2048, min_bits: 64, serves: [output]}"
                    + "|memories[1].ports: no port reads input",
            "conflicting ports|- {kind: read_write, bits_per_cycle: 64, min_bits: 64}|"
                    + "- {kind: read_write, bits_per_cycle: 64, min_bits: 64}\n      - {kind: read, bits_per_cycle: 64}"
                    + "|memories[0].ports: mixes read_write ports with read or write ports",
            "the outermost memory missing an operand|holds: [input, weight, output]|holds: [input, output]"
                    + "|memories[0].holds: the outermost memory must hold every operand",
            "an unknown loop dimension|unrolls: [n]|unrolls: [x]|array.dims[0].unrolls: unknown loop dimension 'x'",
            "five array dimensions|- {name: D2, size: 32, unrolls: [k]}|- {name: D2, size: 32, unrolls: [k]}\n"
                    + "    - {name: D3, size: 2, unrolls: [m]}\n    - {name: D4, size: 2, unrolls: [m]}\n"
                    + "    - {name: D5, size: 2, unrolls: [m]}|array.dims: has 5 dimensions, at most 4",
            "a port wider at its narrowest|- {kind: read_write, bits_per_cycle: 64, min_bits: 64}|"
                    + "- {kind: read_write, bits_per_cycle: 64, min_bits: 128}|memories[0].ports[0].min_bits: is wider",
            "a second DRAM|kind: sram\n    size_bits: 16777216|kind: dram\n    size_bits: 16777216"
                    + "|memories[1].kind: only the first memory may be dram",
            "a misspelt key|read_pj: 0.095|read_pjj: 0.095|memories[2].read_pjj: unknown key 'read_pjj'",
            "a precision for an operand not held|size_bits: 1024|size_bits: 1024\n    precision: {output: 16}"
                    + "|memories[2].precision.output: sets a width for an operand the memory does not hold",
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineNamingTheField(String what, String from, String to, String expected) throws IOException {
        String text = valid();
        assertTrue(text.contains(from), "fixture has " + from);
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ArchitectureLoader.load(write(text.replace(from, to))));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static String valid() throws IOException {
        return preset("zigzag-tpu-like");
    }

    private static String preset(String name) throws IOException {
        try (InputStream in = HierarchyParserTest.class.getResourceAsStream("/hardware/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("arch.yaml");
        Files.writeString(file, text);
        return file;
    }
}
