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

    /** RMSNorm: each row of {@code x [rows, cols]} divided by its root mean square, then scaled. */
    float[] rmsNorm(int rows, int cols, float[] x, float[] gamma, float eps);

    /** An element-wise non-linearity. */
    float[] pointwise(Pointwise function, float[] x);

    /**
     * Element-wise sum, {@code y} repeated along {@code x} when shorter: a residual connection
     * (same length), a bias (one row), a position table (one sequence).
     */
    float[] add(float[] x, float[] y);

    /** Element-wise product, {@code y} repeated as in {@link #add}: a gated MLP's gate times its up projection. */
    float[] multiply(float[] x, float[] y);

    /** Rows {@code ids} of {@code table [rows, cols]}: an embedding lookup. */
    float[] gather(float[] table, int cols, int[] ids);

    /** Rotary position embedding of token-major {@code x [rows, heads, headDim]}. */
    float[] rope(RopeShape shape, float[] x);

    /** A 2-D convolution with bias; the output is token-major (see {@link ConvShape}). */
    float[] conv2d(ConvShape shape, float[] x, float[] weight, float[] bias);

    /** An empty KV cache held by this executor. */
    KvCache kvCache(KvCache.Shape shape);

    /**
     * Appends {@code tokens} new tokens per sequence: keys and values token-major,
     * {@code [batch, tokens, kvHeads, headDim]}, as the K and V projections give them.
     */
    void append(KvCache cache, int tokens, float[] k, float[] v);

    /**
     * Softmax attention of token-major queries against the cache, fused FlashAttention-style
     * in {@code blocks}: online softmax over key/value blocks, scores never stored. Output
     * token-major like the queries.
     */
    float[] attention(CachedAttentionShape shape, AttentionBlocks blocks, float[] q, KvCache cache);

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
