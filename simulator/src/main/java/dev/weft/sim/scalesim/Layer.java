package dev.weft.sim.scalesim;

/**
 * One row of a SCALE-Sim topology as the GEMM SCALE-Sim runs: {@code m} output pixels (rows of
 * the im2col input), {@code n} filters, {@code k} the window (filter height x width x channels).
 */
public record Layer(String name, long m, long n, long k) {
    public Layer {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException(name + ": GEMM dimensions must be positive, was M=" + m + " N=" + n
                    + " K=" + k);
        }
    }

    public static Layer gemm(String name, long m, long n, long k) {
        return new Layer(name, m, n, k);
    }

    public double macs() {
        return (double) m * n * k;
    }
}
