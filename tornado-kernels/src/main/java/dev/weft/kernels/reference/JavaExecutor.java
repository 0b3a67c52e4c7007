package dev.weft.kernels.reference;

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
import java.util.function.IntUnaryOperator;

/**
 * The reference: each kernel written the plainest way, in double where a sum is long, on
 * one thread. It is what the OpenCL results are checked against, so it shares no code
 * with them; it ignores tiles, which change only the order of the work.
 */
public final class JavaExecutor implements Executor {
    private double lastSeconds;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public double lastSeconds() {
        return lastSeconds;
    }

    @Override
    public void close() {
        // nothing held
    }

    private long start() {
        return System.nanoTime();
    }

    private <T> T stop(long start, T result) {
        lastSeconds = (System.nanoTime() - start) / 1e9;
        return result;
    }

    @Override
    public float[] matmul(MatmulShape s, GemmTile tile, float[] a, float[] b) {
        s.check(a, b);
        long t = start();
        float[] c = new float[s.batch() * s.m() * s.n()];
        int n = s.n();
        int k = s.k();
        for (int batch = 0; batch < s.batch(); batch++) {
            int aBase = batch * s.m() * k;
            int bBase = batch * k * n;
            int cBase = batch * s.m() * n;
            for (int i = 0; i < s.m(); i++) {
                // i-p-j order: the inner loop walks rows of b and c, which the JIT vectorises
                for (int p = 0; p < k; p++) {
                    float av = a[aBase + i * k + p];
                    int bRow = bBase + p * n;
                    int cRow = cBase + i * n;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return stop(t, c);
    }

    @Override
    public float[] spmmCsr(CsrMatrix a, int n, float[] b) {
        Shapes.sparseTimesDense("spmm_csr", a.cols(), n, b);
        long t = start();
        float[] c = new float[a.rows() * n];
        for (int i = 0; i < a.rows(); i++) {
            for (int at = a.rowPtr()[i]; at < a.rowPtr()[i + 1]; at++) {
                float v = a.values()[at];
                int bRow = a.colIdx()[at] * n;
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += v * b[bRow + j];
                }
            }
        }
        return stop(t, c);
    }

    @Override
    public float[] spmmNm(NmMatrix a, int n, float[] b) {
        Shapes.sparseTimesDense("spmm_nm", a.cols(), n, b);
        long t = start();
        float[] c = new float[a.rows() * n];
        int groups = a.groups();
        for (int i = 0; i < a.rows(); i++) {
            for (int g = 0; g < groups; g++) {
                for (int slot = 0; slot < a.n(); slot++) {
                    int at = (i * groups + g) * a.n() + slot;
                    int col = g * a.m() + a.indices()[at];
                    float v = a.values()[at];
                    if (col >= a.cols() || v == 0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        c[i * n + j] += v * b[col * n + j];
                    }
                }
            }
        }
        return stop(t, c);
    }

    @Override
    public float[] layerNorm(int rows, int cols, float[] x, float[] gamma, float[] beta, float eps) {
        Shapes.layerNorm(rows, cols, x, gamma, beta);
        long t = start();
        float[] y = new float[x.length];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[i * cols + j];
            }
            double mean = sum / cols;
            double squares = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[i * cols + j] - mean;
                squares += d * d;
            }
            double inv = 1.0 / Math.sqrt(squares / cols + eps);
            for (int j = 0; j < cols; j++) {
                y[i * cols + j] = (float) ((x[i * cols + j] - mean) * inv * gamma[j] + beta[j]);
            }
        }
        return stop(t, y);
    }

    @Override
    public float[] rmsNorm(int rows, int cols, float[] x, float[] gamma, float eps) {
        Shapes.rmsNorm(rows, cols, x, gamma);
        long t = start();
        float[] y = new float[x.length];
        for (int i = 0; i < rows; i++) {
            double squares = 0;
            for (int j = 0; j < cols; j++) {
                squares += (double) x[i * cols + j] * x[i * cols + j];
            }
            double inv = 1.0 / Math.sqrt(squares / cols + eps);
            for (int j = 0; j < cols; j++) {
                y[i * cols + j] = (float) (x[i * cols + j] * inv * gamma[j]);
            }
        }
        return stop(t, y);
    }

    @Override
    public float[] pointwise(Pointwise function, float[] x) {
        long t = start();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) function.apply(x[i]);
        }
        return stop(t, y);
    }

    @Override
    public float[] add(float[] x, float[] y) {
        Shapes.broadcast("add", x, y);
        long t = start();
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] + y[i % y.length];
        }
        return stop(t, z);
    }

    @Override
    public float[] multiply(float[] x, float[] y) {
        Shapes.broadcast("mul", x, y);
        long t = start();
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] * y[i % y.length];
        }
        return stop(t, z);
    }

    @Override
    public float[] gather(float[] table, int cols, int[] ids) {
        Shapes.gather(table, cols, ids);
        long t = start();
        float[] out = new float[ids.length * cols];
        for (int r = 0; r < ids.length; r++) {
            System.arraycopy(table, ids[r] * cols, out, r * cols, cols);
        }
        return stop(t, out);
    }

    @Override
    public float[] rope(RopeShape s, float[] x) {
        s.check(x);
        long t = start();
        float[] y = new float[x.length];
        int d = s.headDim();
        int half = d / 2;
        for (int r = 0; r < s.rows(); r++) {
            int position = s.position(r);
            for (int h = 0; h < s.heads(); h++) {
                int base = (r * s.heads() + h) * d;
                for (int j = 0; j < half; j++) {
                    double angle = s.angle(position, j);
                    double x1 = x[base + j];
                    double x2 = x[base + j + half];
                    y[base + j] = (float) (x1 * Math.cos(angle) - x2 * Math.sin(angle));
                    y[base + j + half] = (float) (x1 * Math.sin(angle) + x2 * Math.cos(angle));
                }
            }
        }
        return stop(t, y);
    }

    @Override
    public float[] conv2d(ConvShape s, float[] x, float[] weight, float[] bias) {
        s.check(x, weight, bias);
        long t = start();
        int p = s.outHeight();
        int q = s.outWidth();
        int r = s.kernel();
        float[] out = new float[s.tokens() * s.outChannels()];
        for (int n = 0; n < s.batch(); n++) {
            for (int oy = 0; oy < p; oy++) {
                for (int ox = 0; ox < q; ox++) {
                    int token = (n * p + oy) * q + ox;
                    for (int k = 0; k < s.outChannels(); k++) {
                        double acc = bias[k];
                        for (int c = 0; c < s.channels(); c++) {
                            for (int ky = 0; ky < r; ky++) {
                                int iy = oy * s.stride() - s.pad() + ky;
                                for (int kx = 0; kx < r; kx++) {
                                    int ix = ox * s.stride() - s.pad() + kx;
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        acc += (double) x[((n * s.channels() + c) * s.height() + iy) * s.width() + ix]
                                                * weight[((k * s.channels() + c) * r + ky) * r + kx];
                                    }
                                }
                            }
                        }
                        out[token * s.outChannels() + k] = (float) acc;
                    }
                }
            }
        }
        return stop(t, out);
    }

    /** Keys and values per sequence and head, {@code [batch, kvHeads, capacity, headDim]}. */
    private static final class HostCache implements KvCache {
        final Shape shape;
        final float[] keys;
        final float[] values;
        int length;

        HostCache(Shape shape) {
            this.shape = shape;
            this.keys = new float[Math.toIntExact(shape.elements())];
            this.values = new float[keys.length];
        }

        @Override
        public Shape shape() {
            return shape;
        }

        @Override
        public int length() {
            return length;
        }

        int at(int b, int h, int token) {
            return ((b * shape.kvHeads() + h) * shape.capacity() + token) * shape.headDim();
        }

        @Override
        public void close() {
            // heap memory
        }
    }

    @Override
    public KvCache kvCache(KvCache.Shape shape) {
        return new HostCache(shape);
    }

    @Override
    public void append(KvCache cache, int tokens, float[] k, float[] v) {
        HostCache c = (HostCache) cache;
        KvCache.Shape s = c.shape();
        s.checkAppend("k", tokens, c.length, k);
        s.checkAppend("v", tokens, c.length, v);
        long t = start();
        int d = s.headDim();
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < tokens; i++) {
                for (int h = 0; h < s.kvHeads(); h++) {
                    int from = ((b * tokens + i) * s.kvHeads() + h) * d;
                    System.arraycopy(k, from, c.keys, c.at(b, h, c.length + i), d);
                    System.arraycopy(v, from, c.values, c.at(b, h, c.length + i), d);
                }
            }
        }
        c.length += tokens;
        stop(t, null);
    }

    /** Plain softmax attention over the cache; the blocks change only the order of the work. */
    @Override
    public float[] attention(CachedAttentionShape s, AttentionBlocks blocks, float[] q, KvCache cache) {
        s.check(q, cache);
        HostCache c = (HostCache) cache;
        long t = start();
        int d = s.headDim();
        int keys = c.length;
        int group = s.heads() / s.kvHeads();
        float[] out = new float[q.length];
        double[] scores = new double[keys];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.queries(); i++) {
                int last = s.causal() ? i + keys - s.queries() : keys - 1;
                for (int h = 0; h < s.heads(); h++) {
                    int qBase = ((b * s.queries() + i) * s.heads() + h) * d;
                    int batchRow = b;
                    int kvHead = h / group;
                    attendRow(q, qBase, d, s.scale(), last, c.keys, c.values, j -> c.at(batchRow, kvHead, j), scores,
                            out);
                }
            }
        }
        return stop(t, out);
    }

    @Override
    public float[] softmax(int rows, int cols, float[] x) {
        Shapes.rowWise("softmax", rows, cols, x);
        long t = start();
        float[] y = new float[x.length];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[i * cols + j]);
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                total += Math.exp(x[i * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                y[i * cols + j] = (float) (Math.exp(x[i * cols + j] - max) / total);
            }
        }
        return stop(t, y);
    }

    @Override
    public float[] attention(AttentionShape s, float[] q, float[] k, float[] v) {
        s.check(q, k, v);
        long t = start();
        int d = s.headDim();
        float[] out = new float[q.length];
        double[] scores = new double[s.keys()];
        for (int h = 0; h < s.heads(); h++) {
            for (int i = 0; i < s.queries(); i++) {
                int qBase = (h * s.queries() + i) * d;
                int head = h;
                attendRow(q, qBase, d, s.scale(), s.lastKey(i), k, v, j -> (head * s.keys() + j) * d, scores, out);
            }
        }
        return stop(t, out);
    }

    /**
     * One query row of softmax attention over keys {@code 0..last}, in double: what both attention
     * entry points compute, whatever the layout of their keys and values ({@code rowBase} gives
     * the first element of key or value row j).
     */
    private static void attendRow(float[] q, int qBase, int d, double scale, int last, float[] keys, float[] values,
                                  IntUnaryOperator rowBase, double[] scores, float[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= last; j++) {
            int kBase = rowBase.applyAsInt(j);
            double dot = 0;
            for (int e = 0; e < d; e++) {
                dot += (double) q[qBase + e] * keys[kBase + e];
            }
            scores[j] = dot * scale;
            max = Math.max(max, scores[j]);
        }
        double total = 0;
        for (int j = 0; j <= last; j++) {
            scores[j] = Math.exp(scores[j] - max);
            total += scores[j];
        }
        for (int e = 0; e < d; e++) {
            double acc = 0;
            for (int j = 0; j <= last; j++) {
                acc += scores[j] * values[rowBase.applyAsInt(j) + e];
            }
            out[qBase + e] = (float) (acc / total);
        }
    }

    @Override
    public float[] binaryAttention(BinaryAttentionShape s, int[] q, int[] k, float[] v) {
        s.check(q, k, v);
        long t = start();
        int d = s.headDim();
        int words = s.words();
        float[] out = new float[s.heads() * s.queries() * d];
        for (int h = 0; h < s.heads(); h++) {
            for (int i = 0; i < s.queries(); i++) {
                double[] acc = new double[d];
                double total = 0;
                for (int j = 0; j < s.keys(); j++) {
                    // the definition, on +-1 codes: (b + h_q . h_k) / 2
                    int dot = 0;
                    for (int bit = 0; bit < s.bits(); bit++) {
                        dot += sign(q, (h * s.queries() + i) * words, bit) * sign(k, (h * s.keys() + j) * words, bit);
                    }
                    double sim = (s.bits() + dot) / 2.0;
                    total += sim;
                    for (int e = 0; e < d; e++) {
                        acc[e] += sim * v[(h * s.keys() + j) * d + e];
                    }
                }
                for (int e = 0; e < d; e++) {
                    out[(h * s.queries() + i) * d + e] = total == 0 ? 0 : (float) (acc[e] / total);
                }
            }
        }
        return stop(t, out);
    }

    private static int sign(int[] codes, int base, int bit) {
        return ((codes[base + bit / 32] >>> (bit % 32)) & 1) == 1 ? 1 : -1;
    }

    @Override
    public float[] linearAttention(AttentionShape s, float[] q, float[] k, float[] v) {
        s.check(q, k, v);
        long t = start();
        int d = s.headDim();
        float[] out = new float[q.length];
        for (int h = 0; h < s.heads(); h++) {
            for (int i = 0; i < s.queries(); i++) {
                // the quadratic form sum_j phi(q).phi(k_j) v_j / sum_j phi(q).phi(k_j): an independent check of
                // the kernel's associative (linear-time) form
                double[] acc = new double[d];
                double total = 0;
                for (int j = 0; j <= s.lastKey(i); j++) {
                    double sim = 0;
                    for (int e = 0; e < d; e++) {
                        sim += phi(q[(h * s.queries() + i) * d + e]) * phi(k[(h * s.keys() + j) * d + e]);
                    }
                    total += sim;
                    for (int e = 0; e < d; e++) {
                        acc[e] += sim * v[(h * s.keys() + j) * d + e];
                    }
                }
                for (int e = 0; e < d; e++) {
                    out[(h * s.queries() + i) * d + e] = (float) (acc[e] / total);
                }
            }
        }
        return stop(t, out);
    }

    /** elu(x) + 1: positive, so the normaliser never vanishes. */
    static double phi(double x) {
        return x > 0 ? x + 1 : Math.exp(x);
    }

    @Override
    public float[] selectiveScan(ScanShape s, float[] x, float[] delta, float[] a, float[] b, float[] c, float[] d) {
        s.check(x, delta, a, b, c, d);
        long t = start();
        int ch = s.channels();
        int n = s.state();
        float[] y = new float[x.length];
        for (int batch = 0; batch < s.batch(); batch++) {
            for (int channel = 0; channel < ch; channel++) {
                double[] h = new double[n];
                for (int step = 0; step < s.length(); step++) {
                    int token = batch * s.length() + step;
                    double dt = delta[token * ch + channel];
                    double xv = x[token * ch + channel];
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        h[i] = Math.exp(dt * a[channel * n + i]) * h[i] + dt * b[token * n + i] * xv;
                        sum += c[token * n + i] * h[i];
                    }
                    y[token * ch + channel] = (float) (sum + d[channel] * xv);
                }
            }
        }
        return stop(t, y);
    }
}
