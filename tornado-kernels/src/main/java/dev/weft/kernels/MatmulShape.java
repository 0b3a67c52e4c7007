package dev.weft.kernels;

/** {@code batch} independent products {@code [m x k] * [k x n]}, all operands row-major. */
public record MatmulShape(int batch, int m, int n, int k) {
    public MatmulShape {
        Shapes.positive("matmul", "batch", batch);
        Shapes.positive("matmul", "m", m);
        Shapes.positive("matmul", "n", n);
        Shapes.positive("matmul", "k", k);
    }

    public static MatmulShape gemm(int m, int n, int k) {
        return new MatmulShape(1, m, n, k);
    }

    public void check(float[] a, float[] b) {
        Shapes.require("matmul", "a", (long) batch * m * k, a.length);
        Shapes.require("matmul", "b", (long) batch * k * n, b.length);
    }

    /** Floating-point operations: a multiply and an add per MAC. */
    public double flops() {
        return 2.0 * batch * m * n * k;
    }
}
