package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.io.Json;
import dev.weft.kernels.opencl.OpenCl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run, devices and bench kernels on opencl:0; skipped with the reason where no OpenCL runtime is installed. */
class RunCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsOpenCl() {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "skipped: " + OpenCl.unavailableReason().orElse("")
                + "; install " + OpenCl.PACKAGES);
    }

    @Test
    void bertTinyRunsAsAForwardPassBesideTheEstimate() throws Exception {
        Path out = dir.resolve("bert");
        CliRun run = CliRun.of("run", "--model", "bert-tiny", "--seq", "24", "--seed", "5", "--runs", "1", "--out",
                out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertTrue(results.at("/totals/measured_s").asDouble() > 0);
        int measured = 0;
        for (JsonNode layer : results.get("layers")) {
            if (layer.has("measured_s")) {
                measured++;
                assertTrue(layer.get("measured_s").asDouble() > 0 && layer.has("latency_s"));
            }
        }
        JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("forward", report.get("mode").asText());
        // every operator runs; the two softmaxes and context products inside the flash attentions have no time of
        // their own
        assertEquals(report.get("layers").asInt(), report.get("executed").asInt());
        assertEquals(report.get("executed").asInt() - 2 * 2, measured);
        JsonNode forward = report.get("forward");
        assertEquals(1, forward.get("outputs").size());
        JsonNode pooled = forward.get("outputs").get(0);
        assertEquals("pooler.tanh.out", pooled.get("tensor").asText());
        assertEquals(128, pooled.get("elements").asInt());
        assertTrue(pooled.get("relative_l2").asDouble() <= forward.get("bound").asDouble()
                && pooled.get("relative_l2").asDouble() > 0, pooled.toString());
        // the kernel's blocks are the ones the mapper sized to the accelerator's buffer
        JsonNode group = Json.MAPPER.readTree(out.resolve("schedule.json").toFile()).at("/fusion_groups/0");
        assertEquals("attention", group.get("kind").asText());
        assertEquals(group.get("query_block").asInt(), forward.at("/attention_blocks/query_rows").asInt());
        assertEquals(group.get("kv_block").asInt(), forward.at("/attention_blocks/kv_rows").asInt());
        assertEquals(2, report.get("attention").size());
        assertTrue(report.get("attention").get(0).get("measured_s").asDouble() > 0);
        assertTrue(run.out().contains("measured [us]") && run.out().contains("relative L2"), run.out());
    }

    @Test
    void gpt2DecodesStepsWithTheCacheOnTheDevice() throws Exception {
        Path out = dir.resolve("gpt2");
        CliRun run = CliRun.of("run", "--model", "gpt2", "--phase", "decode", "--kv", "20", "--tokens", "3", "--runs",
                "1", "--attention-blocks", "4,8", "--out", out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals(report.get("layers").asInt(), report.get("executed").asInt());
        JsonNode logits = report.at("/forward/outputs/0");
        assertEquals("lm_head.out", logits.get("tensor").asText());
        assertEquals(3 * 50257, logits.get("elements").asInt(), "three steps' logits");
        assertEquals(3, report.at("/forward/steps").asInt());
        assertEquals(8, report.at("/forward/attention_blocks/kv_rows").asInt());
        assertTrue(run.out().contains("fused attention layers11.attn.core.scores (4x8)"), run.out());
    }

    @Test
    void llamaStyleAndVisionModelsRunEveryLayer() throws Exception {
        for (String[] model : new String[][] {{"llama-tiny", "--seq", "12"}, {"deit-s", "--image", "32"}}) {
            Path out = dir.resolve(model[0]);
            CliRun run = CliRun.of("run", "--model", model[0], model[1], model[2], "--runs", "1", "--out",
                    out.toString());
            assertEquals(0, run.status(), run.err() + run.out());
            JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
            assertEquals("forward", report.get("mode").asText(), model[0]);
            assertEquals(report.get("layers").asInt(), report.get("executed").asInt(), model[0]);
            for (JsonNode layer : report.at("/forward/layers")) {
                assertFalse(layer.get("kernel").asText().isEmpty(), layer.toString());
            }
        }
    }

    @Test
    void aModelWithoutAForwardPassIsCheckedLayerByLayer() throws Exception {
        Path out = dir.resolve("mamba");
        CliRun run = CliRun.of("run", "--model", "mamba-130m", "--seq", "8", "--runs", "1", "--out", out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("per-layer", report.get("mode").asText());
        assertTrue(report.get("per_layer_because").asText().contains("has no forward-pass kernel"), report.toString());
        assertTrue(report.get("executed").asInt() > 0);
        assertTrue(run.out().contains("no forward pass for mamba-130m"), run.out());
    }

    @Test
    void badForwardOptionsAreOneLineAndStatusTwo() {
        Path out = dir.resolve("none");
        assertUserError(CliRun.of("run", "--model", "bert-tiny", "--seq", "8", "--attention-blocks", "32", "--out",
                out.toString()), "--attention-blocks");
        assertUserError(CliRun.of("run", "--model", "bert-tiny", "--seq", "8", "--attention-blocks", "0,8", "--out",
                out.toString()), "--attention-blocks");
        assertUserError(CliRun.of("run", "--model", "bert-tiny", "--seq", "8", "--tokens", "4", "--out",
                out.toString()), "--tokens");
        assertUserError(CliRun.of("run", "--model", "gpt2", "--phase", "decode", "--kv", "8", "--tokens", "0",
                "--out", out.toString()), "--tokens");
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownDeviceIndexIsOneLineAndStatusTwo() {
        Path out = dir.resolve("none");
        CliRun run = CliRun.of("run", "--model", "bert-tiny", "--seq", "8", "--device", "opencl:42", "--out",
                out.toString());
        assertUserError(run, "no OpenCL device 42");
        assertFalse(Files.exists(out));
        assertUserError(CliRun.of("bench", "kernels", "--device", "opencl:42"), "no OpenCL device 42");
    }

    @Test
    void tileBeyondTheWorkGroupLimitIsOneLineAndStatusTwo() {
        Path out = dir.resolve("none");
        CliRun run = CliRun.of("run", "--model", "bert-tiny", "--seq", "8", "--tile", "100001x1x1", "--out",
                out.toString());
        assertUserError(run, "exceeds the device's limit");
        assertFalse(Files.exists(out));
        assertUserError(CliRun.of("run", "--model", "bert-tiny", "--tile", "64x0x8", "--out", out.toString()),
                "--tile");
    }

    @Test
    void scheduleOfAnotherShapeIsOneLineAndStatusTwo() {
        Path first = dir.resolve("first");
        assertEquals(0, CliRun.of("estimate", "--model", "bert-tiny", "--seq", "16", "--out", first.toString())
                .status());
        Path out = dir.resolve("none");
        CliRun run = CliRun.of("run", "--model", "bert-tiny", "--seq", "24", "--schedule",
                first.resolve("schedule.json").toString(), "--out", out.toString());
        assertUserError(run, "does not match");
        assertFalse(Files.exists(out));
    }

    @Test
    void devicesListsOpenClZero() {
        CliRun run = CliRun.of("devices");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("opencl:0") && run.out().contains("max WG"));
    }

    @Test
    void benchKernelsPrintsTablesAndWritesJsonRows() throws Exception {
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of("bench", "kernels", "--sizes", "40", "--tokens", "16", "--runs", "1", "--no-numpy",
                "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("GFLOP/s") && run.out().contains("speedup") && run.out().contains("pairs/s"));
        JsonNode rows = Json.MAPPER.readTree(json.toFile());
        boolean gemm = false;
        boolean spmm = false;
        for (JsonNode row : rows) {
            gemm |= row.get("kernel").asText().equals("gemm") && row.get("gflops").asDouble() > 0;
            spmm |= row.get("kernel").asText().equals("spmm") && row.has("dense_seconds") && row.has("density");
        }
        assertTrue(gemm && spmm, rows.toString());
    }

    private static void assertUserError(CliRun run, String expected) {
        assertEquals(2, run.status(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("weft: error: ") && run.err().contains(expected), run.err());
    }
}
