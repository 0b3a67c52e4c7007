package dev.weft.kernels;

import dev.weft.schedule.GemmTile;

/**
 * What runs the kernels of a schedule. Two implementations live here: the plain-Java
 * reference (the numerical truth, {@code dev.weft.kernels.reference.JavaExecutor}) and the
 * OpenCL one ({@code dev.weft.kernels.opencl.OpenClExecutor}); a TornadoVM task-graph
 * executor is a third implementation of this interface (see the module's README).
 *
 * <p>All tensors are dense row-major {@code float[]} (sparse weights in their own formats);
 * each method checks the operands against its shape, allocates and returns its output, and
 * records the time it took in {@link #lastSeconds()}.
 */
public interface Executor extends AutoCloseable {

    /** Names the device in tables, e.g. {@code java} or {@code opencl:0 (pthread-skylake...)}. */
    String name();

    /**
     * Batched GEMM. {@code tile} is the schedule's work-group tile (output rows m, output
     * columns n, reduction step k); {@code null} lets the executor choose.
     */
    float[] matmul(MatmulShape shape, GemmTile tile, float[] a, float[] b);

    /** {@code a (sparse) * b}, with b {@code [a.cols, n]}; output {@code [a.rows, n]}. */
    float[] spmmCsr(CsrMatrix a, int n, float[] b);

    /** {@code a (N:M sparse) * b}, with b {@code [a.cols, n]}; output {@code [a.rows, n]}. */
    float[] spmmNm(NmMatrix a, int n, float[] b);

    /** Normalises each row of {@code x [rows, cols]} to zero mean and unit variance, then scales and shifts. */
    float[] layerNorm(int rows, int cols, float[] x, float[] gamma, float[] beta, float eps);

    /** GELU, tanh approximation (GPT-2's {@code gelu_new}), element-wise. */
    float[] gelu(float[] x);

    /** Element-wise sum: a residual connection. */
    float[] add(float[] x, float[] y);

    /** Softmax of each row of {@code x [rows, cols]}. */
    float[] softmax(int rows, int cols, float[] x);

    /** Softmax attention, fused: scores never leave the kernel (online softmax over KV tiles). */
    float[] attention(AttentionShape shape, float[] q, float[] k, float[] v);

    /** EcoFormer attention on packed binary codes. */
    float[] binaryAttention(BinaryAttentionShape shape, int[] q, int[] k, float[] v);

    /** Kernel linear attention with the elu(x)+1 feature map; {@code shape.causal()} must be false. */
    float[] linearAttention(AttentionShape shape, float[] q, float[] k, float[] v);

    /** Mamba's selective scan (discretised with zero-order hold for A, Euler for B). */
    float[] selectiveScan(ScanShape shape, float[] x, float[] delta, float[] a, float[] b, float[] c, float[] d);

    /** Seconds the last call spent computing (device time where the device can tell it). */
    double lastSeconds();

    @Override
    void close();
}
