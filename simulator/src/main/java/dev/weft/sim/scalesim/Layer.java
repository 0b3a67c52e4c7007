package dev.weft.sim.scalesim;

/**
 * One row of a SCALE-Sim topology as the GEMM SCALE-Sim runs: {@code m} output pixels (rows of
 * the im2col input), {@code n} filters, {@code k} the window (filter height x width x channels).
 * A convolution keeps its geometry in {@code conv}, which decides which ifmap words coincide;
 * a GEMM row has none.
 */
public record Layer(String name, long m, long n, long k, Im2col conv) {
    public Layer {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException(name + ": GEMM dimensions must be positive, was M=" + m + " N=" + n
                    + " K=" + k);
        }
    }

    public Layer(String name, long m, long n, long k) {
        this(name, m, n, k, null);
    }

    public static Layer gemm(String name, long m, long n, long k) {
        return new Layer(name, m, n, k);
    }

    static Layer conv(String name, Im2col conv, long filters) {
        return new Layer(name, conv.ofmapHeight() * conv.ofmapWidth(), filters,
                conv.filterHeight() * conv.filterWidth() * conv.channels(), conv);
    }
}
