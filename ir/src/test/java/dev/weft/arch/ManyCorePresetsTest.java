package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.results.Results;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The many-core presets keep their published figures; bad cores and interconnect sections are one line. */
class ManyCorePresetsTest {
    @TempDir
    Path dir;

    /**
     * A100 80 GB: 108 SMs x 1024 fp16 MACs = 110,592 MACs a clock = 312 TFLOPS at 1.41 GHz; HBM 2039 GB/s;
     * L2 5120 B a clock; 164 KiB shared memory per SM (17.7 MB over the device); NVLink 3 at 300 GB/s.
     * The run costs: HBM sustains 1800 GB/s (the DRAM level's rate, the port keeps its peak), 21 us a
     * kernel, NCCL reaches 234 GB/s over NVLink.
     */
    @Test
    void a100KeepsItsDatasheet() {
        Architecture a100 = ArchitectureLoader.preset("a100-sxm-80gb");
        assertEquals(108, a100.cores().count());
        Results.Hardware hardware = Results.Hardware.of(a100);
        assertEquals(110_592, hardware.peakMacsPerCycle());
        assertEquals(312e12, 2 * hardware.peakMacsPerCycle() * a100.clockHz(), 0.001 * 312e12);
        assertEquals(2039e9 / 1.41e9, a100.hierarchy().memories().get(0).bitsPerCycle() / 8, 1e-6);
        assertEquals(1800e9 / 1.41e9, hardware.bandwidthBytesPerCycle().get("hbm"), 1e-6);
        assertEquals(new RunCosts(1800e9, 21e-6), a100.runCosts());
        assertEquals(29_610, a100.runCosts().kernelLaunchCycles(a100.clockHz()));
        assertEquals(234e9, a100.interconnect().orElseThrow().achievedBytesPerS());
        assertEquals(5120, hardware.bandwidthBytesPerCycle().get("l2"), 1e-9);
        assertEquals(108 * 164 * 1024L, a100.levels().get(2).sizeBytes());
        assertEquals(108 * 64, a100.vector().lanes());
        assertEquals(300e9, a100.interconnect().orElseThrow().bytesPerS());
        assertEquals("108 cores x 4x8x4x8 fp16 MAC", ArchitectureLoader.presets().stream()
                .filter(p -> p.name().equals("a100-sxm-80gb")).findFirst().orElseThrow().arraySummary());
    }

    /** H100 SXM: 132 SMs x 2048 MACs at 1.83 GHz = 989 TFLOPS; TPU v4: 2 x 4 x 128 x 128 at 1.05 GHz = 275 TFLOPS. */
    @Test
    void h100AndTpuKeepTheirPeaks() {
        Architecture h100 = ArchitectureLoader.preset("h100-sxm");
        assertEquals(989.4e12, 2 * Results.Hardware.of(h100).peakMacsPerCycle() * h100.clockHz(), 0.001 * 989.4e12);
        assertEquals(3350e9 / 1.83e9, Results.Hardware.of(h100).bandwidthBytesPerCycle().get("hbm"), 1e-6);
        Architecture tpu = ArchitectureLoader.preset("tpu-v4-like");
        assertEquals(275e12, 2 * Results.Hardware.of(tpu).peakMacsPerCycle() * tpu.clockHz(), 0.001 * 275e12);
        assertTrue(tpu.interconnect().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shared memory unknown | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 108, shared: [hbm, l3]} | cores.shared: no memory is named 'l3'",
        "outermost not shared  | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 108, shared: [l2]}      | does not list the outermost memory 'hbm'",
        "private outside shared| cores: {count: 108, shared: [hbm, l2]} | cores: {count: 108, shared: [hbm, smem]} | but 'l2', outside some of them, is private",
        "all shared            | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 108, shared: [hbm, l2, smem, rf, acc]} | lists every memory",
        "zero cores            | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 0, shared: [hbm, l2]}   | cores.count",
        "too many cores        | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 70000, shared: [hbm, l2]} | above the 65536 cores",
        "no link bandwidth     | gb_per_s: 300, | ''                                        | interconnect.gb_per_s: the interconnect has no bandwidth",
        "unknown topology      | topology: switch | topology: torus                       | interconnect.topology",
        "negative latency      | latency_us: 8.92 | latency_us: -1                        | interconnect.latency_us: must not be negative",
        "achieved above links  | achieved_gb_per_s: 234 | achieved_gb_per_s: 301          | interconnect.achieved_gb_per_s: is 301.0 GB/s, above the links' 300.0 GB/s",
        "sustained above peak  | dram_sustained_gb_per_s: 1800 | dram_sustained_gb_per_s: 2100 | runtime.dram_sustained_gb_per_s: is 2100.0 GB/s, above the peak",
        "sustained on one core | cores: {count: 108, shared: [hbm, l2]} | cores: {count: 1, shared: [hbm, l2]} | runtime.dram_sustained_gb_per_s: is read only for many-core devices",
        "negative launch       | kernel_launch_us: 21 | kernel_launch_us: -2                 | runtime.kernel_launch_us: must not be negative",
        "unknown run cost      | kernel_launch_us: 21 | kernel_launch_us: 21, graph_us: 3   | runtime",
    })
    void badSectionsAreOneLine(String what, String from, String to, String expected) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/hardware/a100-sxm-80gb.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.contains(from), "fixture has " + from);
        Path file = dir.resolve("arch.yaml");
        Files.writeString(file, text.replace(from, to));
        WeftInputException e = assertThrows(WeftInputException.class, () -> ArchitectureLoader.load(file));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
