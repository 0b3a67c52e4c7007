package dev.weft.kernels.opencl;

import static dev.weft.kernels.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionShape;
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
}
