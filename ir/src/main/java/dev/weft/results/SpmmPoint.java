package dev.weft.results;

/**
 * Sparse-times-dense throughput at one weight density: a row of {@code spmm.json}, written by
 * {@code spmm --out} and {@code demo} from the simulator ({@code source} "simulated") and by
 * {@code bench kernels --out} from an OpenCL device ({@code source} "measured"); the report
 * draws one series per format, source and device.
 *
 * @param format             {@code csr}, {@code 2:4}, {@code 1:4}
 * @param source             {@code simulated} or {@code measured}
 * @param effectiveGmacPerS  useful (non-zero) MACs per second, in 10^9
 * @param denseGmacPerS      the dense GEMM of the same shape on the same device, in 10^9 MAC/s
 */
public record SpmmPoint(String format, double density, String source, String device, long m, long k, long n,
                        double effectiveGmacPerS, double denseGmacPerS) {
}
