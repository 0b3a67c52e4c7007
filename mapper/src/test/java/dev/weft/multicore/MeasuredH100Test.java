package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.workload.DType;
import dev.weft.workload.GemmWorkload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's h100-sxm rows: square fp16 GEMMs measured on an "NVIDIA H100 80GB HBM3" (the SXM5
 * part) with torch.matmul, PyTorch 2.7.0 + CUDA 12.8, published as TFLOPS in
 * github.com/zzc0721/torch-performance-test-data issue 79 (2025-10-18): 1024: 179.13, 2048: 645.12,
 * 4096: 760.04, 8192: 736.19 TFLOPS, so 2 n^3 / rate = 11.99 us, 26.63 us, 180.8 us, 1.4935 ms.
 * They are NOT within 10%: with the L2 at its measured 6.65 TB/s, Weft's core tiles are L2-bound
 * (the exact mapper's nest re-reads each panel about three times from L2, 26.3 GB for 8192^3,
 * where Hopper's kernels keep a tile's panels in shared memory and multicast them to a cluster),
 * 2.6 to 2.8 times the measurement; the 1024 GEMM, compute-bound in Weft, is 24% under it (kernel
 * ramp-up and the tail of a single wave are not modelled). The test holds Weft's figure to 1% and
 * the stated gap, so that a model change that closes it has to update the README.
 */
class MeasuredH100Test {
    private static final Architecture H100 = ArchitectureLoader.preset("h100-sxm");

    @ParameterizedTest(name = "{0}^3")
    @CsvSource({
        // n, Weft ms, measured ms, bound, Weft over measured: lowest, highest
        "1024, 0.00906, 0.01199, compute, 0.7, 0.8",
        "2048, 0.07064, 0.02663, l2, 2.5, 2.9",
        "4096, 0.50458, 0.18083, l2, 2.5, 2.9",
        "8192, 3.95590, 1.49352, l2, 2.5, 2.9",
    })
    void squareGemmsAgainstPublishedMeasurement(long n, double weftMs, double measuredMs, String bound,
                                                double lowest, double highest) {
        Results results = Estimator.run(GemmWorkload.of(n, n, n, 1, DType.FP16), H100, new ArchEnergyTable(H100),
                Estimator.Options.search(1), done -> { }).results();
        double ms = results.totals().latencyS() * 1e3;
        assertEquals(weftMs, ms, 0.01 * weftMs);
        assertEquals(bound, results.layers().get(0).bound());
        assertTrue(ms / measuredMs >= lowest && ms / measuredMs <= highest, ms + " ms against " + measuredMs);
    }
}
