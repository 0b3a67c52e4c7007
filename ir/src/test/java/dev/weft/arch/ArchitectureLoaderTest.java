package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad-input case edits one line of {@code arch/valid.yaml} and checks the one-line complaint. */
class ArchitectureLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheBaseFixture() throws IOException {
        Path file = write(valid());
        Architecture arch = ArchitectureLoader.load(file);
        assertEquals("fixture", arch.name());
        assertEquals(file.toString(), arch.source());
        // 16 GB/s at 800 MHz is 20 bytes per cycle.
        assertEquals(20.0, arch.dram().bandwidthBytesPerCycle(), 1e-9);
        assertEquals(64 * 1024, arch.onChipLevels().get(0).sizeBytes());
        assertEquals(8, arch.levels().get(2).sizeBytes());
        assertEquals(new VectorUnit(8, DType.FP16, 0.75, 6.0), arch.vector());
        assertEquals(arch, ArchitectureLoader.resolve(file.toString()));
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        WeftInputException e = fails(valid().replace("clock_mhz: 800", "clock_mhz: 800\n  indented: 3"));
        assertTrue(e.getMessage().contains("malformed YAML at line 7, column 11: mapping values are not allowed here"),
                e.getMessage());
        assertEquals("check the YAML syntax near that line", e.fix());
    }

    @Test
    void unclosedBracketIsReportedWhereTheScannerGivesUpOnOneLine() throws IOException {
        // The bracket opens on line 14; the scanner notices at the next key, line 15.
        WeftInputException e = fails(valid().replace("  - name: GLB", "  - name: [GLB"));
        assertTrue(e.getMessage().contains("malformed YAML at line 15, column 9"), e.getMessage());
        assertTrue(e.getMessage().contains("flow sequence"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void duplicateKeyIsMalformed() throws IOException {
        WeftInputException e = fails(valid().replace("      rows: 8\n", "      rows: 8\n      rows: 9\n"));
        assertTrue(e.getMessage().contains("line 33"), e.getMessage());
        assertTrue(e.getMessage().contains("rows"), e.getMessage());
    }

    @Test
    void missingRequiredKey() throws IOException {
        WeftInputException e = fails(valid().replace("      cols: 16\n", ""));
        assertField("compute.arrays[0].cols", e);
        assertTrue(e.getMessage().contains("missing required key 'cols'"), e.getMessage());
    }

    @Test
    void textWhereANumberBelongs() throws IOException {
        WeftInputException e = fails(valid().replace("rows: 8", "rows: eight"));
        assertField("compute.arrays[0].rows", e);
        assertTrue(e.getMessage().contains("expected a number, got text 'eight'"), e.getMessage());
    }

    @Test
    void quotedNumberIsText() throws IOException {
        assertField("clock_mhz", fails(valid().replace("clock_mhz: 800", "clock_mhz: \"800\"")));
    }

    @Test
    void fractionalRows() throws IOException {
        WeftInputException e = fails(valid().replace("rows: 8", "rows: 8.5"));
        assertField("compute.arrays[0].rows", e);
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void negativeSize() throws IOException {
        WeftInputException e = fails(valid().replace("size_kib: 64", "size_kib: -64"));
        assertField("storage[1].size_kib", e);
        assertTrue(e.getMessage().contains("must be greater than 0, got -64"), e.getMessage());
    }

    /**
     * Guards the per-PE register's size: it was required but changed nothing (1 byte or 1 MB gave
     * the same figures). An int8 PE keeps an element of each operand and a 32-bit partial sum
     * during a fold, 6 bytes; less is refused with the field and the size to give.
     */
    @Test
    void aRegisterTooSmallForWhatAPeKeepsIsRefused() throws IOException {
        WeftInputException e = fails(valid().replace("size_bytes: 8", "size_bytes: 5"));
        assertField("storage[2].size_bytes", e);
        assertTrue(e.getMessage().contains("5 bytes per PE cannot hold what a PE of array 'mac' keeps during a fold: "
                + "one int8 element of each operand and a 32-bit partial sum, 6 bytes"), e.getMessage());
        assertEquals("give size_bytes: 6 or more", e.fix());
        assertEquals(6, ArchitectureLoader.load(write(valid().replace("size_bytes: 8", "size_bytes: 6")))
                .levels().get(2).sizeBytes());
    }

    /** The rule's figures for the shipped PEs, as their presets derive their registers. */
    @Test
    void registerNeedsOfTheShippedPes() {
        RegisterNeed mac = RegisterNeed.of(new PeKind.Mac(DType.INT8));
        assertEquals(6, mac.bytes(), 1e-12);
        assertEquals(10, mac.bytesPerAction(), 1e-12);
        RegisterNeed sparse = RegisterNeed.of(new PeKind.SparseNM(DType.INT8, 2, 4));
        // 2 weights + 2 two-bit indices + 4 inputs + partial sum; weight + 2 inputs in + selected + sum in and out
        assertEquals(2 + 0.5 + 4 + 4, sparse.bytes(), 1e-12);
        assertEquals(1 + 2 + 1 + 8, sparse.bytesPerAction(), 1e-12);
        RegisterNeed xnor = RegisterNeed.of(new PeKind.XnorPopcount(64));
        assertEquals(8 + 8 + 4, xnor.bytes(), 1e-12);
        assertEquals(8 + 8 + 8, xnor.bytesPerAction(), 1e-12);
    }

    @Test
    void zeroRows() throws IOException {
        WeftInputException e = fails(valid().replace("rows: 8", "rows: 0"));
        assertField("compute.arrays[0].rows", e);
        assertTrue(e.getMessage().contains("must be greater than 0"), e.getMessage());
    }

    @Test
    void negativeEnergy() throws IOException {
        assertField("storage[1].read_pj_per_word", fails(valid().replace("read_pj_per_word: 25", "read_pj_per_word: -1")));
    }

    @Test
    void clockBeyondDoubleRange() throws IOException {
        WeftInputException e = fails(valid().replace("clock_mhz: 800", "clock_mhz: 1.0e+999"));
        assertField("clock_mhz", e);
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void unknownKeyListsTheAllowedOnes() throws IOException {
        WeftInputException e = fails(valid().replace("cols: 16", "colz: 16"));
        assertField("compute.arrays[0].colz", e);
        assertTrue(e.fix().contains("name, rows, cols, pe, dataflow, pj_per_op"), e.fix());
    }

    @Test
    void unknownKeyInsideAPe() throws IOException {
        WeftInputException e = fails(valid().replace("{kind: mac, dtype: int8}", "{kind: mac, dtype: int8, n: 2}"));
        assertField("compute.arrays[0].pe.n", e);
    }

    @Test
    void unknownDtype() throws IOException {
        WeftInputException e = fails(valid().replace("dtype: int8", "dtype: int7"));
        assertField("compute.arrays[0].pe.dtype", e);
        assertTrue(e.fix().contains("int8"), e.fix());
    }

    @Test
    void binaryOnAMacPointsToXnor() throws IOException {
        WeftInputException e = fails(valid().replace("dtype: int8", "dtype: binary"));
        assertField("compute.arrays[0].pe.dtype", e);
        assertTrue(e.fix().contains("xnor_popcount"), e.fix());
    }

    @Test
    void unknownDataflow() throws IOException {
        WeftInputException e = fails(valid().replace("dataflow: os", "dataflow: rs"));
        assertField("compute.arrays[0].dataflow", e);
        assertEquals("use one of ws, os, is", e.fix());
    }

    @Test
    void unknownPeKind() throws IOException {
        assertField("compute.arrays[0].pe.kind", fails(valid().replace("kind: mac", "kind: fma")));
    }

    @Test
    void sparsePeNeedsNBelowM() throws IOException {
        WeftInputException e = fails(valid().replace("{kind: mac, dtype: int8}", "{kind: sparse_nm, dtype: int8, n: 4, m: 4}"));
        assertField("compute.arrays[0].pe.n", e);
    }

    @Test
    void twoDramLevels() throws IOException {
        WeftInputException e = fails(valid().replace("kind: sram", "kind: dram"));
        assertField("storage[1].kind", e);
        assertTrue(e.getMessage().contains("only the first level may be dram"), e.getMessage());
    }

    @Test
    void firstLevelMustBeDram() throws IOException {
        assertField("storage[0].kind", fails(valid().replace("    kind: dram", "    kind: sram")));
    }

    @Test
    void duplicateLevelName() throws IOException {
        WeftInputException e = fails(valid().replace("name: PE_REG", "name: GLB"));
        assertField("storage[2].name", e);
        assertTrue(e.getMessage().contains("storage[1]"), e.getMessage());
    }

    @Test
    void onChipLevelNeedsExactlyOneSize() throws IOException {
        assertField("storage[1]", fails(valid().replace("    size_kib: 64\n", "")));
        assertField("storage[1].size_kib",
                fails(valid().replace("    size_kib: 64\n", "    size_kib: 64\n    size_bytes: 65536\n")));
    }

    @Test
    void perPeOnlyOnRegisters() throws IOException {
        WeftInputException e = fails(valid().replace("    kind: sram\n", "    kind: sram\n    per_pe: true\n"));
        assertField("storage[1].per_pe", e);
    }

    @Test
    void sharedLevelInsideAPerPeLevel() throws IOException {
        String extra = "  - name: SHARED_REG\n    kind: register\n    size_bytes: 64\n    word_bits: 8\n"
                + "    bandwidth_bytes_per_cycle: 4\n    read_pj_per_word: 0.1\n    write_pj_per_word: 0.1\ncompute:\n";
        assertField("storage[3].per_pe", fails(valid().replace("compute:\n", extra)));
    }

    @Test
    void unsupportedFormatVersion() throws IOException {
        WeftInputException e = fails(valid().replace("weft-arch/1", "weft-arch/9"));
        assertField("format", e);
        assertTrue(e.fix().contains("weft-arch/1"), e.fix());
    }

    @Test
    void emptyValue() throws IOException {
        WeftInputException e = fails(valid().replace("technology: 45nm", "technology:"));
        assertField("technology", e);
        assertTrue(e.getMessage().contains("has no value"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        WeftInputException e = fails("# nothing here\n");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void topLevelNotAMap() throws IOException {
        WeftInputException e = fails("- just\n- a list\n");
        assertTrue(e.getMessage().contains("expected a map of keys"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.yaml");
        WeftInputException e = assertThrows(WeftInputException.class, () -> ArchitectureLoader.load(missing));
        assertEquals(missing.toString(), e.source());
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void unknownPresetListsTheCatalogue() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> ArchitectureLoader.preset("tpu-v9"));
        assertTrue(e.getMessage().contains("tpu-v9"), e.getMessage());
        assertTrue(e.fix().contains("systolic-32x32-int8") && e.fix().contains("edge-xnor-int8"), e.fix());
    }

    @Test
    void resolveOfNeitherPresetNorFileListsTheCatalogue() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ArchitectureLoader.resolve("no-such-thing"));
        assertEquals("no-such-thing", e.source());
        assertTrue(e.fix().contains("systolic-128x128-int8"), e.fix());
    }

    private static void assertField(String field, WeftInputException e) {
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertTrue(e.getMessage().contains(".yaml"), "names the file: " + e.getMessage());
    }

    private WeftInputException fails(String yaml) throws IOException {
        Path file = write(yaml);
        WeftInputException e = assertThrows(WeftInputException.class, () -> ArchitectureLoader.load(file));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e;
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "arch", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String valid() throws IOException {
        try (InputStream in = ArchitectureLoaderTest.class.getResourceAsStream("/arch/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
