package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** estimate --devices/--parallel and serve: figures derived by hand, and the mistakes they refuse. */
class ManyDevicesCommandTest {
    @TempDir
    Path dir;

    private void rejected(String expected, String... args) {
        Path out = dir.resolve("out");
        String[] argv = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--out", out.toString())).toArray(String[]::new);
        BadInputTest.assertRejected(CliRun.of(argv), expected);
        assertFalse(Files.exists(out), "no output directory after a rejected run");
    }

    @Test
    void moreDevicesThanHeadsIsRefused() {
        rejected("splits the 12 heads of gpt2 over 16 devices, which is more devices than heads",
                "estimate", "--model", "gpt2", "--hw", "a100-sxm-80gb", "--devices", "16");
    }

    @Test
    void devicesAndSplitMustAgree() {
        rejected("tp=2 x pp=1 is 2 devices, but --devices is 4",
                "estimate", "--model", "gpt2", "--hw", "a100-sxm-80gb", "--devices", "4", "--parallel", "tp=2");
        rejected("'dp=2' is not tp=N or pp=N",
                "estimate", "--model", "gpt2", "--hw", "a100-sxm-80gb", "--devices", "2", "--parallel", "dp=2");
        rejected("asks for 13 pipeline stages but gpt2 has 12 layers",
                "estimate", "--model", "gpt2", "--hw", "a100-sxm-80gb", "--devices", "13", "--parallel", "pp=13");
    }

    @Test
    void hardwareWithoutInterconnectIsRefused() {
        rejected("has no interconnect to split a model over 2 devices",
                "estimate", "--model", "gpt2", "--devices", "2");
    }

    @Test
    void interconnectWithoutBandwidthIsRefused() throws IOException {
        String preset = new String(getClass().getResourceAsStream("/hardware/a100-sxm-80gb.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Path file = dir.resolve("a100-no-bandwidth.yaml");
        Files.writeString(file, preset.replace("gb_per_s: 300, ", ""));
        rejected("interconnect.gb_per_s: the interconnect has no bandwidth",
                "estimate", "--model", "gpt2", "--hw", file.toString(), "--devices", "2");
    }

    /**
     * gpt2's cache: 12 layers x 2 (K, V) x 768 x 2 bytes = 36,864 bytes a token; 3000 requests of
     * 1024 tokens need 113.25 GB, more than A100 40 GB's 42.95 GB.
     */
    @Test
    void kvCacheThatDoesNotFitIsRefused() {
        rejected("3000 requests of 512 + 512 tokens need a 113.25 GB KV cache beside 0.25 GB of weights on one device, "
                        + "more than its 42.95 GB of hbm",
                "serve", "--model", "gpt2", "--hw", "a100-sxm-40gb", "--batch", "3000", "--prompt", "512",
                "--output", "512");
        rejected("--kv: is set by serve", "serve", "--model", "gpt2", "--hw", "a100-sxm-40gb", "--prompt", "512",
                "--output", "512", "--kv", "9");
    }

    /**
     * gpt2 on two A100s, tp=2, batch 2 x 64 tokens: every layer all-reduces its attention and MLP
     * outputs, 2 x 64 x 768 fp16 = 196,608 bytes each; over the switch each takes
     * 2 x 1/2 x 196,608 B / 234 GB/s (what NCCL reaches on NVLink 3's 300) + 2 x 8.92 us = 18.680 us,
     * 24 of them 448.3 us; the link
     * carries 196,608 B x 2 devices x 24 x 8 bits x 1.3 pJ = 98.1 uJ.
     */
    /**
     * A GEMV on a100-sxm-80gb: its 302 MB at the sustained 1800 GB/s (1.41 GHz: 1276.6 B a cycle)
     * and one launch of 21 us = 29,610 cycles, which the loop nest's latency split names.
     */
    @Test
    void aKernelLaunchIsPartOfTheLatencySplit() throws IOException {
        Path out = dir.resolve("gemv");
        CliRun run = CliRun.of("estimate", "--gemm", "1,12288,12288", "--dtype", "fp16", "--hw", "a100-sxm-80gb",
                "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode layer = Json.MAPPER.readTree(out.resolve("results.json").toFile()).get("layers").get(0);
        JsonNode nest = layer.get("loop_nest");
        assertEquals(29_610, nest.get("launch_cycles").asLong());
        assertEquals(layer.get("cycles").asLong(), nest.get("ideal_cycles").asLong() + nest.get("stall_cycles").asLong()
                + nest.get("onload_cycles").asLong() + nest.get("offload_cycles").asLong() + 29_610);
        double bytes = 12288.0 * 12288 * 2 + 2 * 12288 * 2;
        assertEquals(bytes / (1800e9 / 1.41e9) + 29_610, layer.get("cycles").asLong(), 2);
        assertTrue(Files.readString(out.resolve("results.csv")).lines().findFirst().orElseThrow().contains("launch_cycles"));
    }

    /** The catalogue says which presets carry run costs, and what they are. */
    @Test
    void hardwareListsTheRunCostsOfGpuPresets() {
        CliRun run = CliRun.of("hardware");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("run costs of a100-sxm-80gb: DRAM sustains 1800 GB/s, 21.0 us a kernel, "
                + "collectives reach 234 of 300 GB/s"), run.out());
        assertTrue(run.out().contains("run costs of h100-sxm: DRAM sustains its peak, 0.0 us a kernel, "
                + "collectives reach 370 of 450 GB/s"), run.out());
        assertFalse(run.out().contains("run costs of tpu-v4-like"), run.out());
    }

    @Test
    void tensorParallelTransfersAreTheStatedAlgorithm() throws IOException {
        Path out = dir.resolve("tp");
        CliRun run = CliRun.of("estimate", "--model", "gpt2", "--batch", "2", "--seq", "64", "--hw", "a100-sxm-80gb",
                "--devices", "2", "--parallel", "tp=2", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode parallel = Json.MAPPER.readTree(out.resolve("parallel.json").toFile());
        JsonNode stage = parallel.get("stages").get(0);
        assertEquals(24, stage.get("transfers").size());
        double reduceS = 2 * 0.5 * 196_608 / 234e9 + 2 * 8.92e-6;
        assertEquals(18.680205e-6, reduceS, 1e-12);
        assertEquals(reduceS, stage.get("transfers").get(0).get("seconds").asDouble(), 1e-15);
        assertEquals(24 * reduceS, stage.get("transfers_s").asDouble(), 1e-10);
        assertEquals(196_608.0 * 2 * 24 * 8 * 1.3, stage.get("transfer_energy_pj").asDouble(), 1e-3);
        JsonNode device = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        double compute = device.get("totals").get("latency_s").asDouble();
        assertEquals(compute + 24 * reduceS, parallel.get("latency_s").asDouble(), 1e-12);
        assertEquals(2 * device.get("totals").get("energy_pj").asDouble() + 196_608.0 * 2 * 24 * 8 * 1.3,
                parallel.get("energy_pj").asDouble(), 1e-6 * parallel.get("energy_pj").asDouble());
    }
}
