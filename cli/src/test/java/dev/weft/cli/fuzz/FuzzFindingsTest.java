package dev.weft.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defects input fuzzing found, one reproducer each, so that each stays fixed whatever seed
 * the fuzz test runs with: each ends in a valid result or a clean one-line error.
 */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    private Outcome run(Map<String, String> files, String... args) throws IOException {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        try (Runner runner = new Runner(dir, 30_000)) {
            return runner.run(new FuzzCase("finding", "", bytes, java.util.List.of(args), FuzzCase.Expect.ANY));
        }
    }

    private static String preset(String name) throws IOException {
        try (InputStream in = FuzzFindingsTest.class.getResourceAsStream("/hardware/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void clean(Map<String, String> files, String... args) throws IOException {
        Outcome outcome = run(files, args);
        assertEquals(Outcome.Kind.CLEAN_ERROR, outcome.kind(), outcome.why());
    }

    private void ok(Map<String, String> files, String... args) throws IOException {
        Outcome outcome = run(files, args);
        assertEquals(Outcome.Kind.OK, outcome.kind(), outcome.why());
    }

    @Test
    void hugeOrOverflowingArchitectureValuesAreRefusedNotCrashedOn() throws IOException {
        String v1 = Seeds.file(Seeds.V1_PRESET);
        clean(Map.of("a.yaml", v1.replace("read_pj_per_word: 0.04", "read_pj_per_word: 1e308")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        clean(Map.of("a.yaml", v1.replace("bandwidth_bytes_per_cycle: 288", "bandwidth_bytes_per_cycle: 1e308")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        clean(Map.of("a.yaml", v1.replace("kind: sram", "kind: register\n    per_pe: true")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        Outcome words = run(Map.of("a.yaml", v1.replace("word_bits: 64\n    bandwidth_bytes_per_cycle: 288",
                "word_bits: 2147483647\n    bandwidth_bytes_per_cycle: 288")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        assertTrue(words.kind() != Outcome.Kind.DEFECT, words.why());
        clean(Map.of("a.yaml", v1.replace("word_bits: 8\n    bandwidth_bytes_per_cycle: 10",
                "word_bits: 2147483647\n    bandwidth_bytes_per_cycle: 10")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        String v2 = preset("zigzag-tpu-like");
        clean(Map.of("a.yaml", v2.replace("clock_mhz: 1000", "clock_mhz: 1.0E308")),
                "estimate", "--model", "bert-tiny", "--seq", "8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        clean(Map.of("a.yaml", v2.replace("{kind: read, bits_per_cycle: 16}", "{kind: read, bits_per_cycle: 2147483648}")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
        clean(Map.of("a.yaml", v2.replace("kind: dram\n", "kind: \"dr\\nam\"\n")),
                "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
    }

    @Test
    void yamlAnchorsAndAliasesAreValidYaml() throws IOException {
        String v1 = Seeds.file(Seeds.V1_PRESET).replaceFirst("read_pj_per_word: 1300", "read_pj_per_word: &dram 1300")
                .replaceFirst("write_pj_per_word: 1300", "write_pj_per_word: *dram");
        ok(Map.of("a.yaml", v1), "estimate", "--gemm", "8,8,8", "--hw", "@DIR/a.yaml", "--out", "@DIR/out");
    }

    @Test
    void editedSchedulesThatNoLongerDescribeTheOperatorAreRefused() throws IOException {
        Path seed = dir.resolve("seed");
        assertEquals(Outcome.Kind.OK, run(Map.of(), "estimate", "--gemm", "8,8,16", "--out", seed.toString()).kind());
        String schedule = Files.readString(seed.resolve("schedule.json"));
        String[] args = {"estimate", "--gemm", "8,8,16", "--schedule", "@DIR/s.json", "--out", "@DIR/out"};
        clean(Map.of("s.json", schedule.replaceFirst("\"m\" : 8", "\"m\" : 2.5")), args);
        clean(Map.of("s.json", schedule.replace("\"rows\" : \"k\"", "\"rows\" : \"n\"").replace("\"cols\" : \"n\"",
                "\"cols\" : \"k\"")), args);
        clean(Map.of("s.json", schedule.replace("\"K\" ]", "\"Q\" ]")), args);
        clean(Map.of("s.json", schedule.replaceFirst("\"batch\" : 1", "\"batch\" : NaN")), args);
        clean(Map.of("s.json", schedule.replaceFirst("\"seed\" : 1", "\"seed\" : 1, \"seed\" : 2")), args);
        clean(Map.of("s.json", schedule.replaceFirst("\"operators\" : \\[", "\"operators\" : null, \"x\" : [")), args);
    }

    @Test
    void reportFromResultsWithoutModelOrTotalsIsRefused() throws IOException {
        Path seed = dir.resolve("seed");
        assertEquals(Outcome.Kind.OK, run(Map.of(), "estimate", "--gemm", "8,8,8", "--out", seed.toString()).kind());
        com.fasterxml.jackson.databind.node.ObjectNode results = (com.fasterxml.jackson.databind.node.ObjectNode)
                Mutator.parse(Files.readString(seed.resolve("results.json")), Mutator.Syntax.JSON);
        for (String key : new String[] {"model", "totals", "layers", "workload"}) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = results.deepCopy();
            copy.remove(key);
            clean(Map.of("results.json", Mutator.print(copy, Mutator.Syntax.JSON)), "report", "--from", "@DIR");
        }
        clean(Map.of("results.json", Files.readString(seed.resolve("results.json"))
                .replaceFirst("\"energy_pj\" : [0-9.E]+", "\"energy_pj\" : 1e999")), "report", "--from", "@DIR");
        // a mistyped key is named back as the user typed it, backtick and all (seed 20261130, case 6887)
        clean(Map.of("results.json", Files.readString(seed.resolve("results.json"))
                .replaceFirst("\"traffic_bytes\"", "\"tr`affic_bytes\"")), "report", "--from", "@DIR");
    }

    @Test
    void sizesBeyondWhatCanBeCountedAreRefusedUpFront() throws IOException {
        clean(Map.of(), "estimate", "--gemm", "16,64,9223372036854775807", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--gemm", "2147483648,1,1", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--model", "deit-s", "--image", "2147483647", "--out", "@DIR/out");
        clean(Map.of(), "spmm", "--shape", "8,9223372036854775807,1", "--density", "0.5");
        String bert = new String(FuzzFindingsTest.class.getResourceAsStream("/models/bert-tiny.json").readAllBytes(),
                StandardCharsets.UTF_8);
        clean(Map.of("m/config.json", bert.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 63011")),
                "estimate", "--model", "@DIR/m/config.json", "--out", "@DIR/out");
    }

    @Test
    void aModelGivenAsAConfigJsonPathIsNamedAfterItsFolder() throws IOException {
        String bert = new String(FuzzFindingsTest.class.getResourceAsStream("/models/bert-tiny.json").readAllBytes(),
                StandardCharsets.UTF_8);
        ok(Map.of("tiny-bert/config.json", bert), "estimate", "--model", "@DIR/tiny-bert/config.json", "--seq", "8",
                "--out", dir.resolve("named").toString());
    }

    @Test
    void failedRunsLeaveNoOutputBehind() throws IOException {
        clean(Map.of(), "spmm", "--shape", "8,8,8", "--density", "0.5", "--out", "@DIR/out", "--json", "");
        clean(Map.of(), "spmm", "--shape", "8,8,8", "--density", "0.5", "--out", "@DIR/out", "--json", "@DIR/out");
        clean(Map.of(), "spmm", "--shape", "8,8,8", "--density", "0.5", "--out", "@DIR/out", "--json", "/proc/weft/x.json");
        clean(Map.of(), "estimate", "--gemm", "8,8,8", "--out", "");
        assertFalse(Files.exists(Path.of("results.json")), "an empty --out wrote into the working directory");
    }

    @Test
    void optionValuesAreReadStrictlyAndRefusedInPlainWords() throws IOException {
        clean(Map.of(), "estimate", "--model", "bert-tiny", "--kv", "abc", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--model", "bert-tiny", "--search-budget", "2147483648", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--gemm", "64,\u0663,16", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--model", "bert-tiny", "--seq", "\uFF18", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--gemm", "8,8,8", "--energy", "ops-45nm", "--ops-dtype", "\u0131nt8", "--out", "@DIR/out");
        clean(Map.of(), "estimate", "--gemm", "8,8,8", "--phase", "int 8", "--out", "@DIR/out");
    }

    private static final String SCALESIM_CFG = "[general]\nrun_name = run\n[architecture_presets]\nArrayHeight: 8\n"
            + "ArrayWidth: 8\nIfmapSramSzkB: 1\nFilterSramSzkB: 1\nOfmapSramSzkB: 1\nBandwidth: 10\nDataflow: os\n"
            + "[run_presets]\nInterfaceBandwidth: USER\n";
    private static final String GEMMS = "Layer, M, N, K,\nqkv, 64, 192, 64,\n";

    private void scaleSim(boolean refused, String cfg, String topology, boolean gemm) throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("simulate", "--scalesim-config",
                "@DIR/scale.cfg", "--topology", "@DIR/t.csv", "--out", "@DIR/out"));
        if (gemm) {
            args.add("--gemm-topology");
        }
        Outcome outcome = run(Map.of("scale.cfg", cfg, "t.csv", topology), args.toArray(String[]::new));
        assertEquals(refused ? Outcome.Kind.CLEAN_ERROR : Outcome.Kind.OK, outcome.kind(), outcome.why());
    }

    @Test
    void scaleSimInputsAreReadAsScaleSimReadsThem() throws IOException {
        scaleSim(false, SCALESIM_CFG, GEMMS, true);
        // configparser refuses a repeated option; digits of other scripts are no numbers to SCALE-Sim's users
        scaleSim(true, SCALESIM_CFG.replace("ArrayWidth: 8\n", "ArrayWidth: 8\nArrayWidth: 16\n"), GEMMS, true);
        scaleSim(true, SCALESIM_CFG.replace("ArrayWidth: 8", "ArrayWidth: \uFF18"), GEMMS, true);
        scaleSim(true, SCALESIM_CFG, GEMMS.replace("64,\n", "\u0663,\n"), true);
        scaleSim(true, SCALESIM_CFG.replace("ArrayWidth: 8", "ArrayWidth: 2147483647"), GEMMS, true);
    }

    @Test
    void scaleSimLayersBeyondWhatCanBeSimulatedAreRefusedUpFront() throws IOException {
        // K of 2^31 - 1 on an 8 x 8 array with 1 KiB SRAMs hung for minutes
        scaleSim(true, SCALESIM_CFG, GEMMS.replace("64,\n", "2147483647,\n"), true);
        // a window of 2^31 x 2^31 x 2^31 words overflowed into a negative GEMM and a stack trace
        scaleSim(true, SCALESIM_CFG, "Layer, H, W, R, S, C, M, Stride,\nbig, 2147483647, 2147483647, 2147483647, "
                + "2147483647, 2147483647, 1, 1,\n", false);
        // a depthwise row runs one layer per channel
        scaleSim(true, SCALESIM_CFG, "Layer, H, W, R, S, C, M, Stride,\ndwDP, 10, 10, 3, 3, 2147483647, 1, 1,\n",
                false);
    }
}
