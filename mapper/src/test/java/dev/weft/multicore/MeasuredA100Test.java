package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's table "Checked against measurement": Weft's figures on a100-sxm-80gb against
 * times measured on NVIDIA A100 80 GB SXM GPUs, published with LLMCompass (Zhang et al., "LLMCompass:
 * Enabling Efficient Hardware Design for Large Language Model Inference", ISCA 2024), artifact
 * files {@code ae/figure5/ab/real_hardware/matmul_A100.csv} (fp16 GEMMs, cuBLAS through PyTorch,
 * each timed alone: launch, kernel and synchronisation) and
 * {@code ae/figure5/ijkl/real_hardware/transformer{,AR}_A100.csv} (one GPT-3 175B layer on 4 GPUs,
 * tp=4, batch 8, 2048 tokens; decode at a 3072-token cache) of github.com/PrincetonUniversity/LLMCompass
 * at commit b95c6c95. The preset's run costs (sustained HBM bandwidth, time per kernel, NCCL's bus
 * bandwidth) come from other measurements, cited in a100-sxm-80gb.yaml. Weft's own figure is held
 * to 1% (a change must be a decision); the measured one within the tolerance the README states.
 */
class MeasuredA100Test {
    private static final Architecture A100 = ArchitectureLoader.preset("a100-sxm-80gb");

    @ParameterizedTest(name = "{0} x {1} x {2}")
    @CsvSource({
        // M, K, N, Weft ms, measured ms
        "64, 12288, 12288, 0.19052, 0.1900",
        "128, 12288, 12288, 0.19227, 0.2003",
        "256, 12288, 12288, 0.30011, 0.3185",
        "512, 12288, 12288, 0.57901, 0.6118",
        "1024, 12288, 12288, 1.13681, 1.1990",
        "2048, 12288, 12288, 2.25270, 2.3586",
        "4096, 12288, 12288, 4.20698, 4.4576",
        "8192, 8192, 8192, 3.74217, 3.9614",
        "8192, 4096, 4096, 0.95163, 1.0210",
        "8192, 2048, 2048, 0.25537, 0.2818",
    })
    void gemmsLandWithinTenPercent(long m, long k, long n, double weftMs, double measuredMs) {
        double ms = gemmSeconds(m, k, n) * 1e3;
        assertEquals(weftMs, ms, 0.01 * weftMs);
        assertEquals(measuredMs, ms, 0.10 * measuredMs);
    }

    /**
     * Short-k GEMMs, compute-bound in Weft at the datasheet's 312 TFLOPS plus the 21 us launch:
     * 8192 x 1024 x 1024 is 81,920 clocks of 256 x 256 tiles (59 us) where the measured kernel
     * takes 72 us, 82% of peak; 8192 x 512 x 512 likewise. Weft models neither the prologue and
     * epilogue of a tile whose k loop is only 32 to 64 steps of the MMA pipeline, nor the clock
     * an A100 holds under tensor load, so it stays 14-18% under the measurement (README, note g).
     */
    @ParameterizedTest(name = "{0} x {1} x {2}")
    @CsvSource({
        "8192, 1024, 1024, 0.079980, 0.0927",
        "8192, 512, 512, 0.038916, 0.0471",
    })
    void shortKGemmsStayUnderTheMeasurement(long m, long k, long n, double weftMs, double measuredMs) {
        double ms = gemmSeconds(m, k, n) * 1e3;
        assertEquals(weftMs, ms, 0.01 * weftMs);
        assertTrue(ms < measuredMs && ms > 0.8 * measuredMs, ms + " ms against " + measuredMs + " ms measured");
    }

    /**
     * GEMMs of well under 30 us: the measured times have a floor (8192 x 64 x 64 takes 29.6 us, 8192
     * x 256 x 256 35.6 us) above the preset's 21 us per kernel, LLMCompass's own launch figure,
     * measured on a 1 x 1 x 1 bmm; Weft stays below it by the difference.
     */
    @ParameterizedTest(name = "{0} x {1} x {2}")
    @CsvSource({
        "8192, 64, 64, 0.02217, 0.0296",
        "8192, 128, 128, 0.02335, 0.0310",
        "8192, 256, 256, 0.02694, 0.0356",
    })
    void launchBoundGemmsStayBelowTheMeasuredFloor(long m, long k, long n, double weftMs, double measuredMs) {
        double ms = gemmSeconds(m, k, n) * 1e3;
        assertEquals(weftMs, ms, 0.01 * weftMs);
        assertTrue(ms < measuredMs && ms > 0.7 * measuredMs, ms + " ms against " + measuredMs + " ms measured");
    }

    /**
     * One GPT-3 layer, prefill, tp=4: measured 66.7 ms (the twelve operators of the CSV: QKV 13.72,
     * QK 1.88, AV 1.18, output projection 4.54, MLP 17.46 + 17.49, softmax 2.80, norms 0.68 x 2,
     * GELU 0.52, all-reduces 2.89 x 2 ms). Weft's layer (residual adds included, which the CSV
     * leaves out): 55.47 ms of operators and 2 x 2.599 ms of all-reduces, 9% below. Per operator,
     * the README's rows: Weft's figure to 1%, the MLP projections within 10% of the measurement, the
     * QKV and output projections within 15% (compute-bound at the datasheet's peak, 10.4% under
     * the measured kernels: README, note g), softmax and the norms below it (they move their data
     * at 1.15-1.2 TB/s there).
     */
    @Test
    void gpt3LayerPrefillOnFourA100s() {
        ParallelEstimate run = gpt3Layer(new WorkloadSpec(8, 2048, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, DType.FP16, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS));
        double layerS = layerSeconds(run);
        assertEquals(60.67e-3, layerS, 0.01 * 60.67e-3);
        assertEquals(66.7e-3, layerS, 0.15 * 66.7e-3);
        assertOperator(run, "attn.qkv", 12.296e-3, 13.72e-3, 0.15);
        assertOperator(run, "attn.out", 4.0738e-3, 4.54e-3, 0.15);
        assertOperator(run, "mlp.up", 16.201e-3, 17.46e-3, 0.10);
        assertOperator(run, "mlp.down", 16.201e-3, 17.49e-3, 0.10);
        assertOperator(run, "attn.core.softmax", 1.8106e-3, 2.80e-3, 0.40);
        assertOperator(run, "attn_norm", 0.4684e-3, 0.68e-3, 0.35);
        assertOperator(run, "mlp.act", 0.4684e-3, 0.52e-3, 0.15);
        assertEquals(2 * 2.59895e-3, run.stages().get(0).transfersS(), 0.01 * 2 * 2.59895e-3);
    }

    /**
     * The same layer decoding one token for the batch at a 3072-token cache: measured 1110.7 us
     * (transformerAR_A100.csv: QKV 212.4 as three GEMMs, QK 106.1, AV 138.6, output projection 68.9,
     * MLP 186.0 + 186.1, softmax 16.7, norms 48.0 x 2, GELU 47.9, all-reduces 26.0 x 2 us). Weft:
     * 927.9 us of operators (each HBM-bound at 1.8 TB/s plus 21 us a kernel) and 2 x 19.1 us of
     * all-reduces, 13% below. Per operator, the README's rows; the QKV projection (one kernel here,
     * three there), AV, the torch.compile'd norms and the all-reduces stay below the measurement,
     * softmax above it (a cheaper launch than a GEMM's).
     */
    @Test
    void gpt3LayerDecodeOnFourA100s() {
        ParallelEstimate run = gpt3Layer(new WorkloadSpec(8, 2048, 0, Phase.DECODE, 3072, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, DType.FP16, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS));
        double layerS = layerSeconds(run);
        assertEquals(966.1e-6, layerS, 0.01 * 966.1e-6);
        assertEquals(1110.7e-6, layerS, 0.15 * 1110.7e-6);
        assertOperator(run, "mlp.up", 189.0e-6, 186.0e-6, 0.10);
        assertOperator(run, "mlp.down", 189.0e-6, 186.1e-6, 0.10);
        assertOperator(run, "attn.out", 63.1e-6, 68.9e-6, 0.10);
        assertOperator(run, "attn.core.scores", 105.6e-6, 106.1e-6, 0.10);
        assertOperator(run, "attn.qkv", 147.0e-6, 212.4e-6, 0.35);
        assertOperator(run, "attn.core.context", 105.6e-6, 138.6e-6, 0.25);
        assertOperator(run, "attn_norm", 21.2e-6, 48.0e-6, 0.60);
        assertOperator(run, "attn.core.softmax", 22.3e-6, 16.7e-6, 0.35);
        assertEquals(2 * 19.10e-6, run.stages().get(0).transfersS(), 0.01 * 2 * 19.10e-6);
        assertEquals(2 * 26.04e-6, run.stages().get(0).transfersS(), 0.30 * 2 * 26.04e-6);
    }

    /** Operator {@code name} of the layer block: Weft's seconds to 1%, the measured within {@code tolerance}. */
    private static void assertOperator(ParallelEstimate run, String name, double weftS, double measuredS,
                                       double tolerance) {
        double seconds = run.device().results().layers().stream().filter(l -> l.name().equals("layers0." + name))
                .findFirst().orElseThrow().latencyS();
        assertEquals(weftS, seconds, 0.01 * weftS, name);
        assertEquals(measuredS, seconds, tolerance * measuredS, name + " against the measurement");
    }

    private static double gemmSeconds(long m, long k, long n) {
        return Estimator.run(GemmWorkload.of(m, k, n, 1, DType.FP16), A100, new ArchEnergyTable(A100),
                Estimator.Options.search(1), done -> { }).results().totals().latencyS();
    }

    private static ParallelEstimate gpt3Layer(WorkloadSpec spec) {
        return ParallelEstimate.run(ModelZoo.build(gpt3Layer(), spec), A100, new ArchEnergyTable(A100),
                Estimator.Options.search(1), new Parallelism(4, 1), done -> { });
    }

    /** The layer block's operators on one device plus its stage's all-reduces. */
    private static double layerSeconds(ParallelEstimate run) {
        double layerS = run.stages().get(0).transfersS();
        for (Results.Layer layer : run.device().results().layers()) {
            if (layer.block().equals("layers0")) {
                layerS += layer.latencyS();
            }
        }
        return layerS;
    }

    static String gpt3Layer() {
        Path config = Path.of("..", "examples", "gpt3-175b-layer", "config.json");
        return config.toString();
    }
}
