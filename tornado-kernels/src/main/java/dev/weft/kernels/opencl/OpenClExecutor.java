package dev.weft.kernels.opencl;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.AttentionShape;
import dev.weft.kernels.CachedAttentionShape;
import dev.weft.kernels.ConvShape;
import dev.weft.kernels.KvCache;
import dev.weft.kernels.Pointwise;
import dev.weft.kernels.RopeShape;
import dev.weft.kernels.BinaryAttentionShape;
import dev.weft.kernels.CsrMatrix;
import dev.weft.kernels.Executor;
import dev.weft.kernels.MatmulShape;
import dev.weft.kernels.NmMatrix;
import dev.weft.kernels.ScanShape;
import dev.weft.kernels.Shapes;
import dev.weft.schedule.GemmTile;
import java.util.Map;

/** Runs each kernel of {@code dev/weft/kernels/cl/} on one OpenCL device through {@link Launch}. */
public final class OpenClExecutor implements Executor {
    /**
     * The tile that served PoCL on a 2-core AVX-512 CPU best (110 to 143 GFLOP/s for n = 256 to
     * 2048, against 60 to 72 for 64 x 128 x 256); the schedule may give another.
     */
    public static final GemmTile DEFAULT_TILE = new GemmTile(16, 64, 1024);

    private final ClDevice device;
    private double lastSeconds;

    private OpenClExecutor(ClDevice device) {
        this.device = device;
    }

    /** Opens {@code opencl:N}. */
    public static OpenClExecutor open(String spec) {
        return new OpenClExecutor(ClDevice.open(spec));
    }

    public DeviceInfo device() {
        return device.info();
    }

    @Override
    public String name() {
        return device.info().id() + " (" + device.info().name() + ")";
    }

    @Override
    public double lastSeconds() {
        return lastSeconds;
    }

    @Override
    public void close() {
        device.close();
    }

    /** Register block along m: as many rows as divide the tile, at most 8. */
    static int rowBlock(long tileM) {
        return tileM % 8 == 0 ? 8 : tileM % 4 == 0 ? 4 : tileM % 2 == 0 ? 2 : 1;
    }

    /** Register block along n: the widest vector (16, 8, 4, 2 or 1 floats) that divides the tile. */
    static int colBlock(long tileN) {
        return tileN % 16 == 0 ? 16 : tileN % 8 == 0 ? 8 : tileN % 4 == 0 ? 4 : tileN % 2 == 0 ? 2 : 1;
    }

    /**
     * Smallest reduction panel: each panel is one kernel launch, which costs tens of
     * microseconds on PoCL and ends the reuse of the accumulators, so an accelerator
     * schedule's small k tiles (32 for a 32x32 array) are merged up to this.
     */
    static final long MIN_PANEL = 1024;

    /**
     * The schedule's tile sets the work-group: {@code m x n} outputs, each work-item an
     * {@link #rowBlock} by {@link #colBlock} block of them; its k (at least {@link #MIN_PANEL})
     * is the reduction panel of one launch (panels run one launch after another,
     * accumulating into the output).
     */
    @Override
    public float[] matmul(MatmulShape s, GemmTile tile, float[] a, float[] b) {
        s.check(a, b);
        try (Launch launch = device.launch()) {
            Launch.Buffer c = launch.scratch(s.batch() * s.m() * s.n());
            gemm(launch, tile == null ? DEFAULT_TILE : tile, launch.upload(a), launch.upload(b), c, s.batch(), s.m(),
                    s.n(), s.k());
            return finish(launch, c);
        }
    }

    private float[] finish(Launch launch, Launch.Buffer result) {
        float[] out = launch.read(result);
        lastSeconds = launch.kernelSeconds();
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Column vectors per SpMM work-item (CB in spmm_*.cl): independent FMA chains sharing one index. */
    static final int SPMM_COLUMN_BLOCKS = 4;

    @Override
    public float[] spmmCsr(CsrMatrix a, int n, float[] b) {
        Shapes.sparseTimesDense("spmm_csr", a.cols(), n, b);
        int rn = colBlock(n);
        try (Launch launch = device.launch()) {
            Launch.Buffer c = launch.scratch(a.rows() * n);
            launch.run("spmm_csr.cl", "spmm_csr", Map.of("RN", rn, "CB", SPMM_COLUMN_BLOCKS),
                    new long[] {ceilDiv(n, (long) rn * SPMM_COLUMN_BLOCKS), a.rows()}, null,
                    launch.upload(a.rowPtr()), launch.upload(a.colIdx()), launch.upload(a.values()), launch.upload(b),
                    c, a.rows(), n);
            return finish(launch, c);
        }
    }

    @Override
    public float[] spmmNm(NmMatrix a, int n, float[] b) {
        Shapes.sparseTimesDense("spmm_nm", a.cols(), n, b);
        int rn = colBlock(n);
        try (Launch launch = device.launch()) {
            Launch.Buffer c = launch.scratch(a.rows() * n);
            launch.run("spmm_nm.cl", "spmm_nm", Map.of("RN", rn, "SN", a.n(), "SM", a.m(), "CB", SPMM_COLUMN_BLOCKS),
                    new long[] {ceilDiv(n, (long) rn * SPMM_COLUMN_BLOCKS), a.rows()}, null, launch.upload(a.values()), launch.upload(a.indices()),
                    launch.upload(b), c, a.rows(), a.cols(), n);
            return finish(launch, c);
        }
    }

    @Override
    public float[] layerNorm(int rows, int cols, float[] x, float[] gamma, float[] beta, float eps) {
        Shapes.layerNorm(rows, cols, x, gamma, beta);
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.scratch(x.length);
            launch.run("elementwise.cl", "layernorm", Map.of(), new long[] {rows}, null, launch.upload(x),
                    launch.upload(gamma), launch.upload(beta), y, rows, cols, eps);
            return finish(launch, y);
        }
    }

    @Override
    public float[] rmsNorm(int rows, int cols, float[] x, float[] gamma, float eps) {
        Shapes.rmsNorm(rows, cols, x, gamma);
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.scratch(x.length);
            launch.run("elementwise.cl", "rmsnorm", Map.of(), new long[] {rows}, null, launch.upload(x),
                    launch.upload(gamma), y, rows, cols, eps);
            return finish(launch, y);
        }
    }

    @Override
    public float[] pointwise(Pointwise function, float[] x) {
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.scratch(x.length);
            launch.run("elementwise.cl", "pointwise", Map.of("ACT", function.ordinal()),
                    new long[] {Math.max(1, x.length)}, null, launch.upload(x), y, x.length);
            return finish(launch, y);
        }
    }

    @Override
    public float[] add(float[] x, float[] y) {
        return broadcast("add", x, y);
    }

    @Override
    public float[] multiply(float[] x, float[] y) {
        return broadcast("mul", x, y);
    }

    private float[] broadcast(String kernel, float[] x, float[] y) {
        Shapes.broadcast(kernel, x, y);
        try (Launch launch = device.launch()) {
            Launch.Buffer z = launch.scratch(x.length);
            launch.run("elementwise.cl", kernel, Map.of(), new long[] {Math.max(1, x.length)}, null, launch.upload(x),
                    launch.upload(y), z, x.length, Math.max(1, y.length));
            return finish(launch, z);
        }
    }

    @Override
    public float[] gather(float[] table, int cols, int[] ids) {
        Shapes.gather(table, cols, ids);
        try (Launch launch = device.launch()) {
            Launch.Buffer out = launch.scratch(ids.length * cols);
            launch.run("elementwise.cl", "gather", Map.of(), new long[] {cols, Math.max(1, ids.length)}, null,
                    launch.upload(table), launch.upload(ids), out, ids.length, cols);
            return finish(launch, out);
        }
    }

    @Override
    public float[] rope(RopeShape s, float[] x) {
        s.check(x);
        int half = s.headDim() / 2;
        float[] cosines = new float[s.positions() * half];
        float[] sines = new float[cosines.length];
        for (int position = 0; position < s.positions(); position++) {
            for (int j = 0; j < half; j++) {
                cosines[position * half + j] = (float) Math.cos(s.angle(position, j));
                sines[position * half + j] = (float) Math.sin(s.angle(position, j));
            }
        }
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.scratch(x.length);
            launch.run("elementwise.cl", "rope", Map.of(), new long[] {half, s.heads(), s.rows()}, null,
                    launch.upload(x), launch.upload(cosines), launch.upload(sines), y, s.rows(), s.heads(), half,
                    s.seq(), s.firstPosition());
            return finish(launch, y);
        }
    }

    /** im2col, the weights transposed to {@code [patch, outChannels]}, a GEMM, and the bias added per row. */
    @Override
    public float[] conv2d(ConvShape s, float[] x, float[] weight, float[] bias) {
        s.check(x, weight, bias);
        try (Launch launch = device.launch()) {
            Launch.Buffer columns = launch.scratch(s.tokens() * s.patch());
            launch.run("elementwise.cl", "im2col", Map.of(), new long[] {s.patch(), s.tokens()}, null,
                    launch.upload(x), columns, s.channels(), s.height(), s.width(), s.kernel(), s.stride(), s.pad(),
                    s.outHeight(), s.outWidth(), s.tokens());
            Launch.Buffer w = launch.scratch(weight.length);
            launch.run("elementwise.cl", "transpose", Map.of(), new long[] {s.patch(), s.outChannels(), 1}, null,
                    launch.upload(weight), w, s.outChannels(), s.patch(), s.outChannels());
            Launch.Buffer product = launch.scratch(s.tokens() * s.outChannels());
            gemm(launch, DEFAULT_TILE, columns, w, product, 1, s.tokens(), s.outChannels(), s.patch());
            Launch.Buffer out = launch.scratch(s.tokens() * s.outChannels());
            launch.run("elementwise.cl", "add", Map.of(), new long[] {(long) s.tokens() * s.outChannels()}, null,
                    product, launch.upload(bias), out, s.tokens() * s.outChannels(), s.outChannels());
            return finish(launch, out);
        }
    }

    /** Keys and values in device memory for as long as the cache is open. */
    private static final class DeviceCache implements KvCache {
        final Shape shape;
        final Launch memory;
        final Launch.Buffer keys;
        final Launch.Buffer values;
        int length;

        DeviceCache(Shape shape, Launch memory) {
            this.shape = shape;
            this.memory = memory;
            this.keys = memory.scratch(Math.toIntExact(shape.elements()));
            this.values = memory.scratch(keys.elements());
        }

        @Override
        public Shape shape() {
            return shape;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    @Override
    public KvCache kvCache(KvCache.Shape shape) {
        return new DeviceCache(shape, device.launch());
    }

    @Override
    public void append(KvCache cache, int tokens, float[] k, float[] v) {
        DeviceCache c = (DeviceCache) cache;
        KvCache.Shape s = c.shape();
        s.checkAppend("k", tokens, c.length, k);
        s.checkAppend("v", tokens, c.length, v);
        try (Launch launch = device.launch()) {
            long[] global = {(long) s.kvHeads() * s.headDim(), tokens, s.batch()};
            launch.run("elementwise.cl", "kv_append", Map.of(), global, null, launch.upload(k), c.keys, tokens,
                    s.kvHeads(), s.headDim(), s.capacity(), c.length);
            launch.run("elementwise.cl", "kv_append", Map.of(), global, null, launch.upload(v), c.values, tokens,
                    s.kvHeads(), s.headDim(), s.capacity(), c.length);
            lastSeconds = launch.kernelSeconds();
        }
        c.length += tokens;
    }

    /**
     * One work-group of {@code blocks.queryRows()} work-items (at most the queries) per query block, head and
     * sequence (see {@code flash_attention.cl}); the key and value blocks must fit the
     * device's local memory.
     */
    @Override
    public float[] attention(CachedAttentionShape s, AttentionBlocks blocks, float[] q, KvCache cache) {
        s.check(q, cache);
        DeviceCache c = (DeviceCache) cache;
        long localBytes = 2L * blocks.kvRows() * s.headDim() * Float.BYTES;
        if (localBytes > device.info().localMemBytes()) {
            throw new WeftInputException("--attention-blocks", null, "key and value blocks of " + blocks.kvRows()
                    + " x " + s.headDim() + " need " + localBytes + " bytes of local memory, the device has "
                    + device.info().localMemBytes() + " (" + device.info().name() + ")", "use a smaller Bc");
        }
        // a query block never spans more queries than the step has: a decode step's one query
        // would otherwise leave Br - 1 work-items idle at every barrier (20x slower on PoCL)
        int queryRows = Math.min(blocks.queryRows(), s.queries());
        long[] local = {queryRows, 1, 1};
        device.checkWorkGroup("--attention-blocks Br=" + blocks.queryRows(), local);
        try (Launch launch = device.launch()) {
            Launch.Buffer o = launch.scratch(q.length);
            launch.run("flash_attention.cl", "flash_attention", Map.of("HEAD_DIM", s.headDim(), "BR", queryRows,
                    "BC", blocks.kvRows(), "RN", colBlock(s.headDim())), new long[] {s.queries(), s.heads(), s.batch()}, local,
                    launch.upload(q), c.keys, c.values, o, s.queries(), s.heads(), s.kvHeads(), c.length,
                    c.shape().capacity(), s.scale(), s.causal() ? 1 : 0);
            return finish(launch, o);
        }
    }

    @Override
    public float[] softmax(int rows, int cols, float[] x) {
        Shapes.rowWise("softmax", rows, cols, x);
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.upload(x);
            launch.run("elementwise.cl", "softmax_rows", Map.of(), new long[] {rows}, null, y, rows, rows, cols, 1.0f,
                    0);
            return finish(launch, y);
        }
    }

    /** Keys per tile of the fused attention's online softmax: one float16 of scores. */
    static final int KV_TILE = 16;
    /** Queries per work-item of the fused attention (QB in attention.cl): each loaded key serves them all. */
    static final int QUERY_BLOCK = 4;

    @Override
    public float[] attention(AttentionShape s, float[] q, float[] k, float[] v) {
        s.check(q, k, v);
        try (Launch launch = device.launch()) {
            // keys transposed, rows padded to whole tiles so a tile's vector load stays inside its row
            int ldk = (int) ceilDiv(s.keys(), KV_TILE) * KV_TILE;
            Launch.Buffer kt = launch.scratch(s.heads() * s.headDim() * ldk);
            launch.run("elementwise.cl", "transpose", Map.of(), new long[] {s.headDim(), s.keys(), s.heads()}, null,
                    launch.upload(k), kt, s.keys(), s.headDim(), ldk);
            Launch.Buffer o = launch.scratch(q.length);
            launch.run("attention.cl", "attention", Map.of("HEAD_DIM", s.headDim(), "RN", colBlock(s.headDim())),
                    new long[] {ceilDiv(s.queries(), QUERY_BLOCK), s.heads()}, null, launch.upload(q), kt,
                    launch.upload(v), o,
                    s.queries(), s.keys(), ldk, s.scale(), s.causal() ? 1 : 0);
            return finish(launch, o);
        }
    }

    /**
     * The same attention unfused, as a framework without a fused kernel runs it: the score
     * matrix is written to device memory by a GEMM, normalised by a softmax kernel, then
     * multiplied by V. Timed the same way, for {@code weft bench kernels}.
     */
    public float[] attentionUnfused(AttentionShape s, float[] q, float[] k, float[] v) {
        s.check(q, k, v);
        try (Launch launch = device.launch()) {
            Launch.Buffer kt = launch.scratch(k.length);
            launch.run("elementwise.cl", "transpose", Map.of(), new long[] {s.headDim(), s.keys(), s.heads()}, null,
                    launch.upload(k), kt, s.keys(), s.headDim(), s.keys());
            Launch.Buffer scores = launch.scratch(s.heads() * s.queries() * s.keys());
            gemm(launch, DEFAULT_TILE, launch.upload(q), kt, scores, s.heads(), s.queries(), s.keys(), s.headDim());
            launch.run("elementwise.cl", "softmax_rows", Map.of(), new long[] {(long) s.heads() * s.queries()}, null,
                    scores, s.heads() * s.queries(), s.queries(), s.keys(), s.scale(), s.causal() ? 1 : 0);
            Launch.Buffer o = launch.scratch(q.length);
            gemm(launch, DEFAULT_TILE, scores, launch.upload(v), o, s.heads(), s.queries(), s.headDim(), s.keys());
            return finish(launch, o);
        }
    }

    private void gemm(Launch launch, GemmTile t, Launch.Buffer a, Launch.Buffer b, Launch.Buffer c, int batch, int m,
                      int n, int k) {
        int rm = rowBlock(t.m());
        int rn = colBlock(t.n());
        long[] local = {t.n() / rn, t.m() / rm, 1};
        device.checkWorkGroup("matmul tile m=" + t.m() + " n=" + t.n(), local);
        Map<String, Object> defines = Map.of("TM", t.m(), "TN", t.n(), "RM", rm, "RN", rn);
        int strips = (int) ceilDiv(n, t.n());
        boolean pack = m > t.m();
        Launch.Buffer operand = b;
        if (pack) {
            operand = launch.scratch(Math.multiplyExact(batch * strips * k, (int) t.n()));
            launch.run("gemm.cl", "pack_b", defines, new long[] {(long) strips * t.n(), k, batch}, null, b, operand,
                    k, n, strips);
        }
        long[] global = {strips * local[0], ceilDiv(m, t.m()) * local[1], batch};
        long panel = Math.max(t.k(), MIN_PANEL);
        for (long k0 = 0; k0 < k; k0 += panel) {
            launch.run("gemm.cl", "gemm", defines, global, local, a, operand, c, m, n, k, (int) k0,
                    (int) Math.min(k, k0 + panel), k0 == 0 ? 0 : 1, pack ? 1 : 0);
        }
    }

    @Override
    public float[] binaryAttention(BinaryAttentionShape s, int[] q, int[] k, float[] v) {
        s.check(q, k, v);
        try (Launch launch = device.launch()) {
            Launch.Buffer o = launch.scratch(s.heads() * s.queries() * s.headDim());
            launch.run("binary_attention.cl", "binary_attention",
                    Map.of("HEAD_DIM", s.headDim(), "BITS", s.bits(), "WORDS", s.words(), "RN", colBlock(s.headDim())),
                    new long[] {s.queries(), s.heads()}, null, launch.upload(q), launch.upload(k),
                    launch.upload(v), o, s.queries(), s.keys());
            return finish(launch, o);
        }
    }

    @Override
    public float[] linearAttention(AttentionShape s, float[] q, float[] k, float[] v) {
        s.check(q, k, v);
        if (s.causal()) {
            throw new WeftInputException("linear_attention", "causal", "the OpenCL kernel is the non-causal form",
                    "run causal linear attention as a recurrence (decode) or on the Java executor");
        }
        Map<String, Object> defines = Map.of("HEAD_DIM", s.headDim());
        try (Launch launch = device.launch()) {
            Launch.Buffer phiK = launch.upload(k);
            launch.run("linear_attention.cl", "feature_map", defines, new long[] {k.length}, null, phiK, k.length);
            Launch.Buffer phiQ = launch.upload(q);
            launch.run("linear_attention.cl", "feature_map", defines, new long[] {q.length}, null, phiQ, q.length);
            Launch.Buffer kv = launch.scratch(s.heads() * s.headDim() * (s.headDim() + 1));
            launch.run("linear_attention.cl", "linear_attention_kv", defines, new long[] {s.headDim() + 1,
                    s.headDim(), s.heads()}, null, phiK, launch.upload(v), kv, s.keys());
            Launch.Buffer o = launch.scratch(q.length);
            launch.run("linear_attention.cl", "linear_attention_out", defines, new long[] {s.headDim(), s.queries(),
                    s.heads()}, null, phiQ, kv, o, s.queries());
            return finish(launch, o);
        }
    }

    @Override
    public float[] selectiveScan(ScanShape s, float[] x, float[] delta, float[] a, float[] b, float[] c, float[] d) {
        s.check(x, delta, a, b, c, d);
        try (Launch launch = device.launch()) {
            Launch.Buffer y = launch.scratch(x.length);
            launch.run("scan.cl", "selective_scan", Map.of("STATE", s.state()), new long[] {s.channels(), s.batch()},
                    null, launch.upload(x), launch.upload(delta), launch.upload(a), launch.upload(b), launch.upload(c),
                    launch.upload(d), y, s.length(), s.channels());
            return finish(launch, y);
        }
    }
}
