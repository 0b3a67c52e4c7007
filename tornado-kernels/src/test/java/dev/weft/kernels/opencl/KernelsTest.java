package dev.weft.kernels.opencl;

import static dev.weft.kernels.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.AttentionShape;
import dev.weft.kernels.CachedAttentionShape;
import dev.weft.kernels.ConvShape;
import dev.weft.kernels.KvCache;
import dev.weft.kernels.RopeShape;
import dev.weft.kernels.BinaryAttentionShape;
import dev.weft.kernels.CsrMatrix;
import dev.weft.kernels.NmMatrix;
import dev.weft.kernels.Pointwise;
import dev.weft.kernels.ScanShape;
import org.junit.jupiter.api.Test;

/** Every kernel but GEMM against its reference, on random inputs at sizes that fit no tile or vector width. */
class KernelsTest extends OpenClKernelTest {
    KernelsTest() {
        super(11);
    }

    @Test
    void spmmCsr() {
        CsrMatrix a = CsrMatrix.fromDense(random.sparse(70, 90, 0.1), 70, 90);
        float[] b = random.floats(90 * 37);
        assertClose(device.spmmCsr(a, 37, b), reference.spmmCsr(a, 37, b), 1e-5);
    }

    @Test
    void spmmTwoFourWithAPartialLastGroup() {
        NmMatrix a = NmMatrix.prune(random.floats(45 * 90), 45, 90, 2, 4);
        float[] b = random.floats(90 * 33);
        float[] expected = reference.spmmNm(a, 33, b);
        assertClose(device.spmmNm(a, 33, b), expected, 1e-5);
        // the compressed form means what its dense expansion means
        assertClose(reference.matmul(dev.weft.kernels.MatmulShape.gemm(45, 33, 90), null, a.toDense(), b), expected,
                1e-5);
    }

    @Test
    void layerNorm() {
        float[] x = random.floats(13 * 77, 3);
        float[] gamma = random.floats(77);
        float[] beta = random.floats(77);
        assertClose(device.layerNorm(13, 77, x, gamma, beta, 1e-5f), reference.layerNorm(13, 77, x, gamma, beta, 1e-5f),
                1e-5);
    }

    @Test
    void geluAndResidualAdd() {
        float[] x = random.floats(1001, 4);
        float[] y = random.floats(1001);
        assertClose(device.pointwise(Pointwise.GELU_TANH, x), reference.pointwise(Pointwise.GELU_TANH, x), 1e-5);
        assertClose(device.add(x, y), reference.add(x, y), 1e-6);
    }

    @Test
    void softmaxRows() {
        float[] x = random.floats(7 * 45, 5);
        assertClose(device.softmax(7, 45, x), reference.softmax(7, 45, x), 1e-5);
    }

    @Test
    void fusedAttentionPrefillCausalAndDecode() {
        for (AttentionShape s : new AttentionShape[] {new AttentionShape(3, 37, 45, 24, false),
                new AttentionShape(2, 37, 37, 20, true), new AttentionShape(4, 1, 71, 16, true)}) {
            float[] q = random.floats(s.heads() * s.queries() * s.headDim());
            float[] k = random.floats(s.heads() * s.keys() * s.headDim());
            float[] v = random.floats(s.heads() * s.keys() * s.headDim());
            float[] expected = reference.attention(s, q, k, v);
            assertClose(device.attention(s, q, k, v), expected, 1e-5);
            assertClose(device.attentionUnfused(s, q, k, v), expected, 1e-5);
        }
    }

    @Test
    void binaryAttentionOnTwoWordCodes() {
        BinaryAttentionShape s = new BinaryAttentionShape(2, 19, 33, 20, 40);
        int[] q = random.codes(s.heads() * s.queries(), s.bits());
        int[] k = random.codes(s.heads() * s.keys(), s.bits());
        float[] v = random.floats(s.heads() * s.keys() * s.headDim());
        assertClose(device.binaryAttention(s, q, k, v), reference.binaryAttention(s, q, k, v), 1e-5);
    }

    @Test
    void linearAttention() {
        AttentionShape s = new AttentionShape(3, 29, 41, 18, false);
        float[] q = random.floats(s.heads() * s.queries() * s.headDim());
        float[] k = random.floats(s.heads() * s.keys() * s.headDim());
        float[] v = random.floats(s.heads() * s.keys() * s.headDim());
        assertClose(device.linearAttention(s, q, k, v), reference.linearAttention(s, q, k, v), 1e-5);
        assertThrows(WeftInputException.class, () -> device.linearAttention(new AttentionShape(3, 29, 41, 18, true), q,
                k, v));
    }

    @Test
    void selectiveScan() {
        ScanShape s = new ScanShape(2, 23, 13, 16);
        int tokens = s.batch() * s.length();
        float[] x = random.floats(tokens * s.channels());
        float[] delta = random.uniform(tokens * s.channels(), 0.01, 0.5);
        float[] a = random.uniform(s.channels() * s.state(), -2, -0.1);
        float[] b = random.floats(tokens * s.state());
        float[] c = random.floats(tokens * s.state());
        float[] d = random.floats(s.channels());
        assertClose(device.selectiveScan(s, x, delta, a, b, c, d), reference.selectiveScan(s, x, delta, a, b, c, d),
                1e-5);
    }

    @Test
    void rmsNormPointwiseAndBroadcastProducts() {
        float[] x = random.floats(13 * 77, 3);
        float[] gamma = random.floats(77);
        assertClose(device.rmsNorm(13, 77, x, gamma, 1e-5f), reference.rmsNorm(13, 77, x, gamma, 1e-5f), 1e-5);
        for (Pointwise f : Pointwise.values()) {
            assertClose(device.pointwise(f, x), reference.pointwise(f, x), 1e-5);
        }
        float[] row = random.floats(77);
        float[] same = random.floats(x.length);
        assertClose(device.multiply(x, same), reference.multiply(x, same), 1e-6);
        assertClose(device.multiply(x, row), reference.multiply(x, row), 1e-6);
        assertClose(device.add(x, row), reference.add(x, row), 1e-6);
        assertThrows(WeftInputException.class, () -> device.add(x, random.floats(76)));
    }

    @Test
    void gatherRowsOfATable() {
        float[] table = random.floats(31 * 45);
        int[] ids = {30, 0, 7, 7, 12};
        float[] rows = device.gather(table, 45, ids);
        assertClose(rows, reference.gather(table, 45, ids), 0);
        assertEquals(table[7 * 45 + 44], rows[3 * 45 + 44]);
        assertThrows(WeftInputException.class, () -> device.gather(table, 45, new int[] {31}));
    }

    @Test
    void rotaryEmbeddingFromAnOffsetPosition() {
        RopeShape s = new RopeShape(2 * 9, 3, 22, 9, 40, RopeShape.DEFAULT_BASE);
        float[] x = random.floats(s.rows() * s.heads() * s.headDim());
        float[] expected = reference.rope(s, x);
        assertClose(device.rope(s, x), expected, 1e-5);
        // position 0 turns nothing
        RopeShape first = new RopeShape(1, 3, 22, 1, 0, RopeShape.DEFAULT_BASE);
        float[] one = random.floats(3 * 22);
        assertClose(reference.rope(first, one), one, 0);
    }

    @Test
    void conv2dStridedAndPadded() {
        for (ConvShape s : new ConvShape[] {new ConvShape(2, 3, 20, 20, 17, 4, 4, 0),
                new ConvShape(1, 5, 11, 9, 7, 3, 2, 1)}) {
            float[] x = random.floats(s.batch() * s.channels() * s.height() * s.width());
            float[] w = random.floats(s.outChannels() * s.patch());
            float[] bias = random.floats(s.outChannels());
            assertClose(device.conv2d(s, x, w, bias), reference.conv2d(s, x, w, bias), 1e-5);
        }
    }

    /**
     * The fused kernel over a KV cache, against the reference, for blocks that divide nothing:
     * grouped-query prefill (causal and not), then decode steps appending one token each, and
     * the reference's cache path against its plain attention on the same numbers.
     */
    @Test
    void flashAttentionOverADeviceKvCache() {
        int batch = 2;
        int heads = 6;
        int kvHeads = 2;
        int headDim = 20;
        AttentionBlocks blocks = new AttentionBlocks(8, 5);
        for (boolean causal : new boolean[] {false, true}) {
            CachedAttentionShape s = new CachedAttentionShape(batch, heads, kvHeads, 23, headDim, causal);
            float[] q = random.floats(batch * 23 * heads * headDim);
            float[] k = random.floats(batch * 23 * kvHeads * headDim);
            float[] v = random.floats(k.length);
            KvCache.Shape cacheShape = new KvCache.Shape(batch, kvHeads, headDim, 30);
            try (KvCache onDevice = device.kvCache(cacheShape); KvCache onHost = reference.kvCache(cacheShape)) {
                device.append(onDevice, 23, k, v);
                reference.append(onHost, 23, k, v);
                assertClose(device.attention(s, blocks, q, onDevice), reference.attention(s, blocks, q, onHost), 1e-5);
                CachedAttentionShape step = new CachedAttentionShape(batch, heads, kvHeads, 1, headDim, true);
                for (int t = 0; t < 3; t++) {
                    float[] qt = random.floats(batch * heads * headDim);
                    float[] kt = random.floats(batch * kvHeads * headDim);
                    float[] vt = random.floats(kt.length);
                    device.append(onDevice, 1, kt, vt);
                    reference.append(onHost, 1, kt, vt);
                    assertEquals(24 + t, onDevice.length());
                    assertClose(device.attention(step, blocks, qt, onDevice),
                            reference.attention(step, blocks, qt, onHost), 1e-5);
                }
            }
        }
        // one sequence, one head: the cache path is the plain attention of AttentionShape
        AttentionShape plain = new AttentionShape(1, 17, 17, headDim, true);
        float[] q = random.floats(17 * headDim);
        float[] k = random.floats(17 * headDim);
        float[] v = random.floats(17 * headDim);
        try (KvCache cache = reference.kvCache(new KvCache.Shape(1, 1, headDim, 17))) {
            reference.append(cache, 17, k, v);
            assertClose(reference.attention(new CachedAttentionShape(1, 1, 1, 17, headDim, true), blocks, q, cache),
                    reference.attention(plain, q, k, v), 1e-6);
        }
    }

    @Test
    void attentionBlocksBeyondTheDeviceAreOneLine() {
        CachedAttentionShape s = new CachedAttentionShape(1, 1, 1, 4, 16, false);
        try (KvCache cache = device.kvCache(new KvCache.Shape(1, 1, 16, 4))) {
            device.append(cache, 4, random.floats(64), random.floats(64));
            WeftInputException e = assertThrows(WeftInputException.class, () -> device.attention(s,
                    new AttentionBlocks(4, 1 << 20), random.floats(64), cache));
            assertTrue(e.getMessage().contains("--attention-blocks"), e.getMessage());
            assertThrows(WeftInputException.class, () -> device.append(cache, 1, random.floats(16),
                    random.floats(16)));
        }
    }
}
