package dev.weft.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.fusion.Fusion;
import dev.weft.mapper.Estimator;
import dev.weft.sim.Engine;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every family of the model zoo runs through the pipeline on every preset, in prefill and (for
 * decoders) in decode: estimated on each, and on each single-core preset also simulated with every
 * fusion allowed, the whole model within 10% of its estimate. A machine whose memories some layer
 * cannot be mapped onto, or a layer the simulator cannot execute, fails here with every case named.
 */
class ZooCoverageTest {
    /** One model of each family and attention shape: encoder, GPT, Llama-style GQA, MoE, SSMs, vision. */
    private static final List<String> MODELS = List.of("bert-tiny", "gpt2", "llama-tiny", "qwen2-0.5b", "gemma-2b",
            "mixtral-8x7b", "mamba-130m", "mamba2-130m", "vit-b16", "swin-t", "pvtv2-b0");
    /** Simulating these takes seconds each on the loop-nest machines; the smaller models cover their layers' kinds. */
    private static final List<String> ESTIMATED_ONLY = List.of("mixtral-8x7b", "gemma-2b");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"systolic-32x32-int8", "systolic-128x128-int8", "edge-xnor-int8",
        "systolic-32x32-int8-sparse24", "zigzag-tpu-like", "zigzag-edge-tpu-like", "zigzag-ascend-like",
        "eyeriss-like", "simba-like", "a100-sxm-80gb", "h100-sxm", "tpu-v4-like"})
    void everyFamilyMapsAndSimulates(String preset) {
        Architecture arch = ArchitectureLoader.preset(preset);
        Pipeline estimate = Pipeline.analytic(arch, new ArchEnergyTable(arch), Estimator.Options.search(1));
        Pipeline simulate = arch.cores().many() ? null : new Pipeline(arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1).withFusion(Fusion.ALL), new Evaluation.Simulated(0, Engine.FAST),
                Progress.NONE);
        List<String> failed = new ArrayList<>();
        for (String model : MODELS) {
            boolean vision = ModelZoo.config(model).has("image_size");
            for (Phase phase : vision || model.startsWith("bert") ? List.of(Phase.PREFILL)
                    : List.of(Phase.PREFILL, Phase.DECODE)) {
                String what = model + " " + phase.label();
                Workload workload = ModelZoo.build(model, new WorkloadSpec(1, 128, vision ? 224 : 0, phase,
                        phase == Phase.DECODE ? 512 : 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(),
                        WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS));
                try {
                    estimate.run(workload);
                    if (simulate != null && !ESTIMATED_ONLY.contains(model)) {
                        Run run = simulate.run(workload);
                        double ratio = run.results().totals().cycles() / (double) run.estimate().totals().cycles();
                        if (Math.abs(ratio - 1) > 0.10) {
                            failed.add(String.format(Locale.ROOT, "%s: simulated/estimated cycles %.3f", what, ratio));
                        }
                    }
                } catch (WeftInputException e) {
                    failed.add(what + ": " + e.getMessage());
                }
            }
        }
        assertTrue(failed.isEmpty(), preset + ":\n" + String.join("\n", failed));
    }
}
