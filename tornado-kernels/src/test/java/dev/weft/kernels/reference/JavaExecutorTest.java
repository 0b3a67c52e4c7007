package dev.weft.kernels.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.kernels.AttentionShape;
import dev.weft.kernels.BinaryAttentionShape;
import dev.weft.kernels.MatmulShape;
import dev.weft.kernels.ScanShape;
import org.junit.jupiter.api.Test;

/** The reference against values worked out by hand, since everything else is checked against it. */
class JavaExecutorTest {
    private final JavaExecutor java = new JavaExecutor();

    @Test
    void matmulOfTwoByTwo() {
        assertArrayEquals(new float[] {19, 22, 43, 50}, java.matmul(MatmulShape.gemm(2, 2, 2), null,
                new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}));
    }

    @Test
    void layerNormCentresAndScales() {
        float[] y = java.layerNorm(1, 2, new float[] {1, 3}, new float[] {2, 2}, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {-1, 3}, y, 1e-6f);
    }

    @Test
    void attentionOverEqualKeysIsTheMeanOfTheValues() {
        AttentionShape s = new AttentionShape(1, 1, 2, 1, false);
        assertArrayEquals(new float[] {2}, java.attention(s, new float[] {5}, new float[] {1, 1}, new float[] {1, 3}),
                1e-6f);
    }

    @Test
    void binarySimilarityCountsAgreeingBits() {
        // query 0b11, keys 0b11 (sim 2) and 0b01 (sim 1): (2*10 + 1*40) / 3
        BinaryAttentionShape s = new BinaryAttentionShape(1, 1, 2, 1, 2);
        float[] out = java.binaryAttention(s, new int[] {3}, new int[] {3, 1}, new float[] {10, 40});
        assertEquals(20f, out[0], 1e-5f);
    }

    @Test
    void scanDecaysItsState() {
        // one channel, one state: h1 = 1*2*1 = 2 (h0 = 0); h2 = e^{-1}*2 + 0 with x=0; y = h (C=1, D=0)
        ScanShape s = new ScanShape(1, 2, 1, 1);
        float[] y = java.selectiveScan(s, new float[] {1, 0}, new float[] {1, 1}, new float[] {-1},
                new float[] {2, 2}, new float[] {1, 1}, new float[] {0});
        assertArrayEquals(new float[] {2, (float) (2 * Math.exp(-1))}, y, 1e-6f);
    }
}
