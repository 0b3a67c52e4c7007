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
 * They are NOT within 10%. Weft's core tiles are L2-bound with the L2 at its measured 6.65 TB/s:
 * each SM reads its tile's operand panels from L2 itself (12.9 GB for 8192^3, each 256-row input
 * panel twice, as the 256 KB register file holds a 256 x 128 fp32 accumulator tile, not 256 x 256),
 * where Hopper's kernels multicast a panel to the SMs of a thread-block cluster (TMA multicast,
 * not modelled), so 1.4 to 1.6 times the measurement. Until issue 13's fix, the L2 was also
 * charged a fill per core re-read (12.9 GB more, 2.5 to 2.9 times). The 1024 GEMM, one wave of
 * 64 tiles of 128 x 128 on 64 of the 132 SMs, is 45% under it: a 12 us kernel is dominated by
 * what Weft leaves out (launch, ramp-up, the tail of a single wave). The test holds Weft's figure to 1% and the stated gap, so that a model
 * change that closes it has to update the README.
 */
class MeasuredH100Test {
    private static final Architecture H100 = ArchitectureLoader.preset("h100-sxm");

    @ParameterizedTest(name = "{0}^3")
    @CsvSource({
        // n, Weft ms, measured ms, bound, Weft over measured: lowest, highest
        "1024, 0.0066235, 0.01199, l2, 0.5, 0.6",
        "2048, 0.037844, 0.02663, l2, 1.4, 1.6",
        "4096, 0.27783, 0.18083, l2, 1.4, 1.6",
        "8192, 2.20438, 1.49352, l2, 1.4, 1.6",
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
