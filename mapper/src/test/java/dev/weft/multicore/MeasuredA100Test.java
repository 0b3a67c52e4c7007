package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.nest.Objective;
import dev.weft.parallel.ParallelEstimate;
import dev.weft.parallel.Parallelism;
import dev.weft.results.Results;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The README's table "Checked against measurement": Weft's figures on a100-sxm-80gb against
 * times measured on NVIDIA A100 80 GB SXM GPUs, published with LLMCompass (Zhang et al., "LLMCompass:
 * Enabling Efficient Hardware Design for Large Language Model Inference", ISCA 2024), artifact
 * files {@code ae/figure5/ab/real_hardware/matmul_A100.csv} (fp16 GEMMs, cuBLAS through PyTorch)
 * and {@code ae/figure5/ijkl/real_hardware/transformer_A100.csv} (one GPT-3 175B layer on 4 GPUs,
 * tp=4, batch 8, 2048 tokens) of github.com/PrincetonUniversity/LLMCompass at commit b95c6c95.
 * Weft's own figure is held to 1% (a change must be a decision); the measured one within the
 * tolerance the README states for that row.
 */
class MeasuredA100Test {
    private static final Architecture A100 = ArchitectureLoader.preset("a100-sxm-80gb");

    @ParameterizedTest(name = "{0} x {1} x {2}")
    @CsvSource({
        // M, K, N, Weft ms, measured ms
        "512, 12288, 12288, 0.5580, 0.6118",
        "1024, 12288, 12288, 1.1305, 1.1990",
        "4096, 12288, 12288, 4.2870, 4.4576",
        "8192, 8192, 8192, 3.9552, 3.9614",
    })
    void computeBoundGemmsLandWithinTenPercent(long m, long k, long n, double weftMs, double measuredMs) {
        double seconds = new ManyCoreMapping(A100, Objective.EDP).map(GemmWorkload.of(m, k, n, 1, DType.FP16)
                .operators().get(0)).cost().cycles() / A100.clockHz();
        assertEquals(weftMs, seconds * 1e3, 0.01 * weftMs);
        assertEquals(measuredMs, seconds * 1e3, 0.10 * measuredMs);
    }

    /**
     * One GPT-3 layer, prefill, tp=4: measured 66.7 ms (the twelve operators of the CSV: QKV 13.72,
     * QK 1.88, AV 1.18, output projection 4.54, MLP 17.46 + 17.49, softmax 2.80, norms 0.68 x 2,
     * GELU 0.52, all-reduces 2.89 x 2 ms). Weft's layer (residual adds included, which the CSV
     * leaves out) is 12% below it: the GEMMs 5-8% (sustained clocks and bandwidth), softmax and
     * the norms about 40% (PyTorch's kernels reach ~60% of HBM bandwidth), the all-reduces 30%
     * (NCCL reaches ~70% of NVLink's 300 GB/s).
     */
    @Test
    void gpt3LayerPrefillOnFourA100s() {
        WorkloadSpec spec = new WorkloadSpec(8, 2048, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE,
                DType.FP16, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        ParallelEstimate run = ParallelEstimate.run(ModelZoo.build(gpt3Layer(), spec), A100, new ArchEnergyTable(A100),
                Estimator.Options.search(1), new Parallelism(4, 1), done -> { });
        double layerS = run.stages().get(0).transfersS();
        for (Results.Layer layer : run.device().results().layers()) {
            if (layer.block().equals("layers0")) {
                layerS += layer.latencyS();
            }
        }
        assertEquals(59.95e-3, layerS, 0.01 * 59.95e-3);
        assertEquals(66.7e-3, layerS, 0.15 * 66.7e-3);
        assertTrue(layerS < 66.7e-3, "Weft leaves out software overheads, so it must not exceed the measurement");
    }

    static String gpt3Layer() {
        Path config = Path.of("..", "examples", "gpt3-175b-layer", "config.json");
        return config.toString();
    }
}
