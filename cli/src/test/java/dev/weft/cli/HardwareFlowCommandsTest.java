package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.hdl.ExternalTool;
import dev.weft.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rtl, rtl-check and fpga from the command line: outputs, and one-line refusals with exit status 2. */
class HardwareFlowCommandsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void cacheUnderTarget() {
        System.setProperty("weft.cache.dir", Path.of("target", "weft-cache").toAbsolutePath().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown board           | fpga --board de10-nano --array 2x2                  | unknown board 'de10-nano'",
        "array larger than board | fpga --board icebreaker --array 16x16               | does not fit the iCE40UP5K-SG48",
        "too many SB_MAC16       | fpga --board icebreaker --array 4x4 --mapping dsp   | needs 16 SB_MAC16, the iCE40UP5K-SG48 has 8",
        "xnor width not x8       | fpga --board icebreaker --unit xnor --width 60      | must be a multiple of 8",
        "rtl xnor width not x8   | rtl --unit xnor --width 12                          | must be a multiple of 8",
        "bad array shape         | rtl --array 4by4                                    | cannot read '4by4'",
        "is dataflow             | rtl --array 4x4 --dataflow is                       | not is",
        "bad gemm                | rtl-check --array 4x4 --dataflow os --gemm 16,37    | cannot read '16,37'",
        "zero gemm               | rtl-check --array 4x4 --dataflow os --gemm 0,1,1    | sizes must be positive",
        "huge gemm               | rtl-check --array 4x4 --dataflow os --gemm 2000,1,1 | must be 1..1024",
        "xnor in rtl-check       | rtl-check --unit xnor --width 64 --gemm 4,4,4       | rtl-check runs dense MAC arrays",
        "hw without MAC array    | rtl-check --hw NOMAC --gemm 4,4,4                   | has no dense MAC array",
        "unknown mapping         | fpga --board icebreaker --array 2x2 --mapping bram  | unknown mapping 'bram'",
        "double-buffered os      | rtl-check --array 4x4 --dataflow os --weight-double-buffering --gemm 4,4,4 | --weight-double-buffering: applies to a weight-stationary array",
        "double-buffered xnor    | rtl --unit xnor --width 64 --weight-double-buffering | applies to a dense MAC array",
        "double-buffered and hw  | rtl --hw systolic-32x32-int8 --weight-double-buffering | give either --hw or --array",
        "double-buffered board   | fpga --board icebreaker --array 2x2 --weight-double-buffering | not double-buffered ones",
        "double-buffered, no size | fpga --board icebreaker --weight-double-buffering   | --array: no array given",
    })
    void badInputGetsOneLineAndStatus2(String name, String args, String expected) throws Exception {
        List<String> argv = new ArrayList<>(List.of(args.trim().split("\\s+")));
        Path noMac = xnorOnlyArchitecture();
        argv.replaceAll(arg -> arg.equals("NOMAC") ? noMac.toString() : arg);
        if (!argv.get(0).equals("rtl-check")) {
            argv.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertEquals(2, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("weft: error: "), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(Files.exists(dir.resolve("out")), "no output directory after a refusal");
    }

    @Test
    void rtlWritesOneModulePerComputeArray() throws Exception {
        CliRun run = CliRun.of("rtl", "--hw", "edge-xnor-int8", "--out", dir.resolve("rtl").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.readString(dir.resolve("rtl/WeftXnorPopcount64.sv")).contains("module WeftXnorPopcount64("));
        assertTrue(Files.readString(dir.resolve("rtl/WeftWsArray16x16.sv")).contains("module WeftWsArray16x16("));
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("rtl/rtl.json").toFile());
        assertEquals(2, manifest.get("modules").size());
    }

    @Test
    void rtlCheckPrintsEqualCyclesAndWritesJson() throws Exception {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        Path json = dir.resolve("check.json");
        CliRun run = CliRun.of("rtl-check", "--array", "2x3", "--dataflow", "ws", "--gemm", "5,7,4", "--json", json.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("result: PASS"), run.out());
        JsonNode result = Json.MAPPER.readTree(json.toFile());
        // WS on 2x3: ceil(7/2) * ceil(4/3) = 8 folds of 2*2 + 3 + 5 - 2 = 10 cycles.
        assertEquals(80, result.get("sim_cycles").asLong());
        assertEquals(result.get("sim_cycles").asLong(), result.get("rtl_cycles").asLong());
        assertTrue(result.get("outputs_match").asBoolean());
        assertTrue(result.get("verilator_cycles_per_s").asDouble() > 0);
    }

    @Test
    void rtlCheckRunsTheSchedulesBufferTiles() throws Exception {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        Path hw = Path.of(getClass().getResource("/tiny-buffer-4x4.yaml").toURI());
        Path json = dir.resolve("tiles.json");
        CliRun run = CliRun.of("rtl-check", "--hw", hw.toString(), "--gemm", "16,37,16", "--json", json.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        // a 1 KiB double-buffered buffer cannot hold the whole GEMM: the mapper cuts it into tiles
        assertTrue(run.out().contains("  tile "), run.out());
        assertTrue(run.out().matches("(?s).* in [0-9]+ buffer tiles.*"), run.out());
        JsonNode result = Json.MAPPER.readTree(json.toFile());
        // OS on 4x4: every output fold streams the whole K over its tiles; 16 output folds of K=37 in total
        // take at least 16 x (2*4 + 4 + 37 - 2) = 752 cycles, more when K is cut into several tiles
        assertTrue(result.get("sim_cycles").asLong() >= 752, result.toString());
        assertEquals(result.get("sim_cycles").asLong(), result.get("rtl_cycles").asLong());
        assertTrue(result.get("outputs_match").asBoolean());
    }

    private Path xnorOnlyArchitecture() throws Exception {
        Path file = dir.resolve("xnor-only.yaml");
        String preset = new String(dev.weft.arch.ArchitectureLoader.class
                .getResourceAsStream("/hardware/edge-xnor-int8.yaml").readAllBytes());
        int mac = preset.indexOf("  - name: mac");
        int memories = preset.indexOf("memories:");
        Files.writeString(file, preset.substring(0, mac) + preset.substring(memories));
        return file;
    }
}
