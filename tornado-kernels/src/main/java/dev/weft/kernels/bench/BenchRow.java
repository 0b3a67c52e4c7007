package dev.weft.kernels.bench;

/**
 * One row of {@code weft bench kernels}; the JSON file is a list of these, each with its
 * {@code kernel} key first. Times are medians in seconds of device time (wall time for the
 * Java reference and NumPy).
 */
public sealed interface BenchRow {

    String kernel();

    /** Dense fp32 GEMM of n x n by n x n on one device. */
    record Gemm(String kernel, int n, String device, double seconds, double gflops) implements BenchRow {
        public Gemm(int n, String device, double seconds) {
            this("gemm", n, device, seconds, 2.0 * n * n * n / seconds / 1e9);
        }
    }

    /**
     * SpMM of an {@code m x k} sparse weight by a {@code k x n} dense operand against the
     * dense GEMM of the same shape. {@code effectiveGflops} counts only the non-zeros' work
     * (2 * nnz * n); {@code speedup} is dense time over sparse time.
     */
    record Spmm(String kernel, String format, double density, int m, int k, int n, String device, double seconds,
                double denseSeconds, double effectiveGflops, double speedup) implements BenchRow {
        public Spmm(String format, double density, long nonzeros, int m, int k, int n, String device, double seconds,
                    double denseSeconds) {
            this("spmm", format, density, m, k, n, device, seconds, denseSeconds, 2.0 * nonzeros * n / seconds / 1e9,
                    denseSeconds / seconds);
        }
    }

    /**
     * An attention variant over {@code heads} heads of {@code tokens} queries and keys each;
     * {@code pairsPerS} is query-key pairs per second, comparable across variants.
     */
    record Attention(String kernel, String variant, int heads, int tokens, int headDim, int bits, String device,
                     double seconds, double pairsPerS) implements BenchRow {
        public Attention(String variant, int heads, int tokens, int headDim, int bits, String device, double seconds) {
            this("attention", variant, heads, tokens, headDim, bits, device, seconds,
                    (double) heads * tokens * tokens / seconds);
        }
    }
}
