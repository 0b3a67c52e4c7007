package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** simulate and spmm from the command line: outputs, and one-line errors with status 2 for bad input. */
class SimulateCommandTest {
    static final String CFG = String.join("\n", "[general]", "run_name = test", "[architecture_presets]",
            "ArrayHeight:    8", "ArrayWidth:     8", "IfmapSramSzkB:    4", "FilterSramSzkB:   4",
            "OfmapSramSzkB:    2", "IfmapOffset:    0", "FilterOffset:   10000000", "OfmapOffset:    20000000",
            "Dataflow : os", "Bandwidth : 10", "[run_presets]", "InterfaceBandwidth: USER", "");

    @TempDir
    Path dir;

    @Test
    void gemmPrintsCyclesStallsAndAccesses() {
        CliRun run = CliRun.of("simulate", "--gemm", "6,37,5", "--array", "4x4", "--dataflow", "os", "--sram-kb",
                "1,1,1", "--bandwidth", "8", "--dram-latency", "10");
        assertEquals(0, run.status(), run.err());
        // one tile: 51 load + 10 latency, 4 folds of 47, 4-cycle write-back (see HandDerivedTest)
        assertTrue(run.out().contains("cycles 253 = compute 188 + stall 65"), run.out());
    }

    @Test
    void modelWritesResultsWithStallsAndAccesses() throws Exception {
        Path out = dir.resolve("bert");
        CliRun run = CliRun.of("simulate", "--model", "bert-tiny", "--seq", "64", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        long cycles = results.at("/totals/cycles").asLong();
        long stalls = results.at("/totals/stall_cycles").asLong();
        assertTrue(cycles > stalls && stalls > 0, cycles + " " + stalls);
        assertTrue(results.at("/totals/accesses_bytes/DRAM/filter/read_bytes").asDouble() > 0);
        assertTrue(results.at("/totals/utilization").asDouble() > 0);
    }

    /**
     * A general spatial array: contractions execute their loop nests; every layer keeps the analytic
     * estimate beside its simulated cycles (within 10% for the contractions, as
     * AnalyticHonestyTest holds on larger models), and accesses are per memory and tensor.
     */
    @Test
    void loopNestMachineSimulatesItsContractions() throws Exception {
        Path out = dir.resolve("eyeriss");
        CliRun run = CliRun.of("simulate", "--model", "bert-tiny", "--seq", "64", "--hw", "eyeriss-like", "--out",
                out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertTrue(results.at("/totals/stall_cycles").asLong() > 0, run.out());
        assertTrue(results.at("/totals/accesses_bytes/shared_glb/ifmap/read_bytes").asDouble() > 0, run.out());
        assertTrue(results.at("/totals/accesses_bytes/weights_spad/filter/write_bytes").asDouble() > 0, run.out());
        int contractions = 0;
        for (JsonNode layer : results.at("/layers")) {
            long estimated = layer.get("estimated_cycles").asLong();
            if (!layer.get("unit").asText().equals("vector")) {
                contractions++;
                assertTrue(Math.abs(layer.get("cycles").asLong() / (double) estimated - 1) <= 0.10, layer.toString());
            }
        }
        assertTrue(contractions > 0);
        assertTrue(run.out().contains("loop-nest simulator"), run.out());

        CliRun engine = CliRun.of("simulate", "--model", "bert-tiny", "--seq", "64", "--hw", "eyeriss-like",
                "--engine", "cycle", "--out", dir.resolve("engine").toString());
        assertEquals(2, engine.status(), engine.err());
        assertTrue(engine.err().contains("--engine: chooses between the engines of systolic arrays"), engine.err());
    }

    /**
     * 16x37x16 on 4x4 WS fits the default SRAMs as one tile of 40 folds streaming 16 vectors:
     * 40 x (8 + 4 + 16 - 2) = 1040 compute cycles, or with double-buffered weights 4 + 40 x 22 = 884,
     * the figures the RTL gives in Verilator.
     */
    @Test
    void doubleBufferedWeightsFollowTheFoldContract() {
        CliRun single = CliRun.of("simulate", "--gemm", "16,37,16", "--array", "4x4", "--dataflow", "ws");
        CliRun doubled = CliRun.of("simulate", "--gemm", "16,37,16", "--array", "4x4", "--dataflow", "ws",
                "--weight-double-buffering");
        assertEquals(0, single.status(), single.err());
        assertEquals(0, doubled.status(), doubled.err());
        assertTrue(single.out().contains("1 tiles, 40 folds") && single.out().contains("compute 1,040"), single.out());
        assertTrue(doubled.out().contains("1 tiles, 40 folds") && doubled.out().contains("compute 884"), doubled.out());
        assertRejected(CliRun.of("simulate", "--gemm", "16,37,16", "--dataflow", "os", "--weight-double-buffering"),
                "--weight-double-buffering: applies to a weight-stationary array");
        assertRejected(CliRun.of("simulate", "--gemm", "16,37,16", "--timing", "scalesim", "--weight-double-buffering"),
                "--weight-double-buffering: applies to simulate --gemm in Weft's timing");
    }

    @Test
    void scalesimInputsWriteTheThreeReportsInBothTimings() throws Exception {
        Path cfg = Files.writeString(dir.resolve("test.cfg"), CFG);
        Path topo = Files.writeString(dir.resolve("topo.csv"), "Layer, M, N, K,\nfc1, 64, 32, 48,\nfc2, 9, 100, 20,\n");
        for (String timing : List.of("weft", "scalesim")) {
            Path out = dir.resolve(timing);
            CliRun run = CliRun.of("simulate", "--scalesim-config", cfg.toString(), "--topology", topo.toString(),
                    "--gemm-topology", "--timing", timing, "--out", out.toString());
            assertEquals(0, run.status(), run.err());
            List<String> compute = Files.readAllLines(out.resolve("COMPUTE_REPORT.csv"));
            assertEquals("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,",
                    compute.get(0));
            assertEquals(3, compute.size());
            assertEquals(3, Files.readAllLines(out.resolve("BANDWIDTH_REPORT.csv")).size());
            assertEquals(19, Files.readAllLines(out.resolve("DETAILED_ACCESS_REPORT.csv")).get(1).split(",").length);
        }
        // fc1 under SCALE-Sim's OS convention: 8 x 4 folds of 8 + 8 + 48 - 2 = 62 cycles, reported as the last
        // cycle's index, plus stalls
        String row = Files.readAllLines(dir.resolve("scalesim").resolve("COMPUTE_REPORT.csv")).get(1);
        assertTrue(Long.parseLong(row.split(",")[1].trim()) >= 32 * 62 - 1, row);
    }

    @Test
    void spmmPrintsThroughputPerDensity() throws Exception {
        Path json = dir.resolve("spmm.json");
        CliRun run = CliRun.of("spmm", "--shape", "128,256,128", "--density", "0.25,0.5,1", "--format", "2:4",
                "--hw", "systolic-32x32-int8-sparse24", "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode rows = Json.MAPPER.readTree(json.toFile());
        assertEquals(2, rows.size(), run.out());
        assertTrue(run.out().contains("n/a"), run.out());
        assertTrue(rows.get(1).get("effective_gmac_per_s").asDouble() / 0.5
                > rows.get(1).get("dense_gmac_per_s").asDouble(), "2:4 weights on a 2:4 array run faster than dense: "
                + run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown dataflow | simulate --gemm 4,4,4 --dataflow xs                  | unknown dataflow 'xs'",
        "zero array size  | simulate --gemm 4,4,4 --array 0x4                   | sizes must be positive",
        "zero GEMM dim    | simulate --gemm 0,4,4                              | sizes must be positive",
        "negative GEMM dim| simulate --gemm 4,-1,4                             | sizes must be positive",
        "two inputs       | simulate --gemm 4,4,4 --model bert-tiny            | only one of",
        "unknown timing   | simulate --gemm 4,4,4 --timing rtl                 | unknown timing",
        "spmm density     | spmm --shape 4,4,4 --density 0                     | outside (0, 1]",
        "spmm format      | spmm --shape 4,4,4 --format 3:2                    | unknown sparse format",
        "spmm shape       | spmm --shape 4,0,4                                 | sizes must be positive",
    })
    void badInputIsOneLineAndStatusTwo(String name, String args, String expected) {
        CliRun run = CliRun.of(args.trim().split("\\s+"));
        assertRejected(run, expected);
    }

    /** Its schedule holds one core's nest of the first wave: simulating it whole was refused mid-run, by the nest. */
    @Test
    void aManyCoreDeviceIsRefusedBeforeMapping() {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("simulate", "--model", "bert-tiny", "--hw", "a100-sxm-40gb", "--out", out.toString());
        assertRejected(run, "cores.count: a100-sxm-40gb has 108 cores, which the simulator does not execute yet");
        assertTrue(run.err().contains("use ./weft estimate"), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingConfigKeyNamesTheKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), CFG.replace("FilterSramSzkB:   4\n", ""));
        Path topo = Files.writeString(dir.resolve("topo.csv"), "Layer, M, N, K,\nfc1, 64, 32, 48,\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("simulate", "--scalesim-config", cfg.toString(), "--topology", topo.toString(),
                "--gemm-topology", "--out", out.toString());
        assertRejected(run, "FilterSramSzkB: missing");
        assertFalse(Files.exists(out));
    }

    private static void assertRejected(CliRun run, String expected) {
        assertEquals(Weft.USER_ERROR, run.status(), run.out() + run.err());
        List<String> lines = new ArrayList<>(run.err().lines().toList());
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("weft: error: ") && lines.get(0).contains(expected), run.err());
    }
}
