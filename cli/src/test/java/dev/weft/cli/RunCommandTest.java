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
    void runWritesMeasuredTimesBesideTheEstimate() throws Exception {
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
        assertEquals(measured, report.get("executed").asInt());
        assertTrue(measured >= 30, "bert-tiny runs all but its embedding gather and pooler tanh: " + measured);
        for (JsonNode check : report.get("checks")) {
            assertTrue(check.get("relative_error").asDouble() <= report.get("relative_error_bound").asDouble());
        }
        assertTrue(run.out().contains("measured [us]"));
    }

    @Test
    void gpt2DecodeRuns() throws Exception {
        Path out = dir.resolve("gpt2");
        CliRun run = CliRun.of("run", "--model", "gpt2", "--phase", "decode", "--kv", "20", "--runs", "1",
                "--out", out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals(report.get("layers").asInt() - 2, report.get("executed").asInt(),
                "all but the token and position lookups (gathers)");
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
