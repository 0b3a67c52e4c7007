package dev.weft.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mapper's analytic cycles stay within 10% of the simulator's for every layer of the
 * reference models on every shipped preset that runs them: the analytic model may be fast,
 * not wrong. On the {@code weft-arch/2} presets the loop-nest model faces the loop-nest
 * simulator ({@code dev.weft.sim.nest}). A failure lists every layer out of bounds with both figures.
 */
class AnalyticHonestyTest {
    static final double BOUND = 0.10;

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({
        "bert-base, prefill, systolic-32x32-int8",
        "bert-base, prefill, systolic-128x128-int8",
        "bert-base, prefill, systolic-32x32-int8-sparse24",
        "gpt2,      prefill, systolic-32x32-int8",
        "gpt2,      prefill, systolic-128x128-int8",
        "gpt2,      decode,  systolic-32x32-int8",
        "gpt2,      decode,  systolic-128x128-int8",
        "vit-b16,   prefill, systolic-32x32-int8",
        "vit-b16,   prefill, systolic-128x128-int8",
        "vit-b16,   prefill, systolic-32x32-int8-sparse24",
        "bert-base, prefill, zigzag-tpu-like",
        "gpt2,      decode,  zigzag-tpu-like",
        "vit-b16,   prefill, zigzag-tpu-like",
        "bert-base, prefill, zigzag-edge-tpu-like",
        "gpt2,      decode,  zigzag-edge-tpu-like",
        "vit-b16,   prefill, zigzag-edge-tpu-like",
        "bert-base, prefill, zigzag-ascend-like",
        "gpt2,      decode,  zigzag-ascend-like",
        "vit-b16,   prefill, zigzag-ascend-like",
        "bert-base, prefill, eyeriss-like",
        "gpt2,      decode,  eyeriss-like",
        "vit-b16,   prefill, eyeriss-like",
        "bert-base, prefill, simba-like",
        "gpt2,      decode,  simba-like",
        "vit-b16,   prefill, simba-like",
    })
    void wholeModelAndEveryLayerWithinTenPercentOfSimulated(String model, String phase, String preset) {
        check(model, phase, ArchitectureLoader.preset(preset));
    }

    @ParameterizedTest(name = "{0} {1} on systolic-32x32-int8 with double-buffered weights")
    @CsvSource({"bert-base, prefill", "gpt2, decode"})
    void doubleBufferedWeightsToo(String model, String phase, @TempDir Path dir) throws IOException {
        String preset;
        try (InputStream in = ArchitectureLoader.class.getResourceAsStream("/hardware/systolic-32x32-int8.yaml")) {
            preset = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = Files.writeString(dir.resolve("doubled.yaml"),
                preset.replace("  systolic: ws\n", "  systolic: ws\n  weight_double_buffering: true\n"));
        Architecture arch = ArchitectureLoader.load(file);
        assertTrue(arch.arrays().get(0).weightDoubleBuffering());
        check(model, phase, arch);
    }

    private static void check(String model, String phase, Architecture arch) {
        Phase parsed = Phase.parse(phase, "phase", null);
        int image = ModelZoo.config(model).has("image_size") ? 224 : 0;
        WorkloadSpec spec = new WorkloadSpec(1, 128, image, parsed, parsed == Phase.DECODE ? 128 : 0,
                AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(),
                WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Workload workload = ModelZoo.build(model, spec);
        // every operator on its own (no fusion groups): each layer's simulated cycles face its own analytic ones
        Run run = new Pipeline(arch, new ArchEnergyTable(arch), Estimator.Options.search(1),
                new Evaluation.Simulated(ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST), Progress.NONE)
                .run(workload);
        List<String> outside = new ArrayList<>();
        for (Results.Layer layer : run.results().layers()) {
            double ratio = layer.estimatedCycles() / (double) layer.cycles();
            if (Math.abs(ratio - 1) > BOUND) {
                outside.add(String.format(Locale.ROOT, "%s (%s, %s): analytic %d, simulated %d (%.3f)",
                        layer.name(), layer.op(), layer.unit(), layer.estimatedCycles(), layer.cycles(), ratio));
            }
        }
        long analyticTotal = run.estimate().totals().cycles();
        long simulatedTotal = run.results().totals().cycles();
        assertEquals(workload.operators().size(), run.results().layers().size());
        assertTrue(Math.abs(analyticTotal / (double) simulatedTotal - 1) <= BOUND, "whole model: analytic "
                + analyticTotal + ", simulated " + simulatedTotal);
        assertTrue(outside.isEmpty(), outside.size() + " layers outside +-10%:\n" + String.join("\n", outside));
    }
}
