package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.DType;
import org.junit.jupiter.api.Test;

/**
 * Fused attention block timing by hand on a 4x8 weight-stationary array (R = 4, C = 8): a product
 * {@code [m x k] x [k x n]} is ceil(k/4) x ceil(n/8) folds of max(m, 4) cycles each, the stationary
 * load hidden behind the stream unless the stream is shorter than R.
 */
class AttentionBlockTimingTest {
    private static final ComputeArray ARRAY = new ComputeArray("a", 4, 8, new PeKind.Mac(DType.INT8), Dataflow.WS,
            1);

    /**
     * d = 16, 6 query rows, 10 keys.
     * Scores [6 x 16] x [16 x 10]: straight ceil(16/4) x ceil(10/8) x max(6, 4) = 4 x 2 x 6 = 48;
     * transposed [10 x 16] x [16 x 6]: 4 x ceil(6/8) x max(10, 4) = 4 x 1 x 10 = 40.
     * Context [6 x 10] x [10 x 16]: straight ceil(10/4) x ceil(16/8) x 6 = 3 x 2 x 6 = 36;
     * transposed [16 x 10] x [10 x 6]: 3 x 1 x max(16, 4) = 48.
     */
    @Test
    void pairCyclesOfEachProductAndOrientation() {
        assertEquals(48, AttentionBlockTiming.pairCycles(ARRAY, 16, 6, 10, true, false));
        assertEquals(40, AttentionBlockTiming.pairCycles(ARRAY, 16, 6, 10, true, true));
        assertEquals(36, AttentionBlockTiming.pairCycles(ARRAY, 16, 6, 10, false, false));
        assertEquals(48, AttentionBlockTiming.pairCycles(ARRAY, 16, 6, 10, false, true));
    }

    /** A stream shorter than the array's rows cannot hide the R-cycle load: 3 query rows cost 4 x 2 x 4 = 32, not 24. */
    @Test
    void shortStreamWaitsForTheStationaryLoad() {
        assertEquals(32, AttentionBlockTiming.pairCycles(ARRAY, 16, 3, 10, true, false));
    }

    /**
     * 16 query rows in blocks of 6 (two of 6, one of 4), 20 keys in blocks of 8 (two of 8, one of 4), d = 16.
     * Scores straight, 4 x ceil(keys/8) x max(rows, 4) per pair:
     * (6,8) 24 x 4 pairs + (6,4) 24 x 2 + (4,8) 16 x 2 + (4,4) 16 x 1 = 96 + 48 + 32 + 16 = 192;
     * transposed, 4 x ceil(rows/8) x max(keys, 4): 32 x 4 + 16 x 2 + 32 x 2 + 16 = 240, so straight it runs.
     * Context straight, ceil(keys/4) x 2 x max(rows, 4): 24 x 4 + 12 x 2 + 16 x 2 + 8 = 160;
     * transposed, ceil(keys/4) x 1 x 16: 32 x 4 + 16 x 2 + 32 x 2 + 16 = 240.
     */
    @Test
    void productCyclesSumThePairsOfFullAndPartialBlocks() {
        assertFalse(AttentionBlockTiming.transposed(ARRAY, 16, 20, 16, 6, 8, true));
        assertEquals(192, AttentionBlockTiming.productCycles(ARRAY, 16, 20, 16, 6, 8, true));
        assertFalse(AttentionBlockTiming.transposed(ARRAY, 16, 20, 16, 6, 8, false));
        assertEquals(160, AttentionBlockTiming.productCycles(ARRAY, 16, 20, 16, 6, 8, false));
    }

    /**
     * 64 query rows against 2 keys, d = 16, one block pair: the score product straight streams the
     * 64 rows through ceil(16/4) x ceil(2/8) = 4 folds, 256 cycles; transposed it keeps 64 queries
     * spatial, 4 x 8 folds each max(2, 4) = 4 cycles, 128. The cheaper orientation is taken. With 4 keys
     * in two blocks of 2 the choice weighs both pairs: 2 x 256 straight against 2 x 128.
     */
    @Test
    void theCheaperOrientationIsTaken() {
        assertTrue(AttentionBlockTiming.transposed(ARRAY, 64, 2, 16, 64, 2, true));
        assertEquals(128, AttentionBlockTiming.productCycles(ARRAY, 64, 2, 16, 64, 2, true));
        assertTrue(AttentionBlockTiming.transposed(ARRAY, 64, 4, 16, 64, 2, true));
        assertEquals(256, AttentionBlockTiming.productCycles(ARRAY, 64, 4, 16, 64, 2, true));
    }

    /** 4 queries against 4 keys cost 4 x 1 x 4 = 16 either way: a tie keeps the straight orientation. */
    @Test
    void aTieKeepsTheStraightOrientation() {
        assertFalse(AttentionBlockTiming.transposed(ARRAY, 4, 4, 16, 4, 4, true));
        assertEquals(16, AttentionBlockTiming.productCycles(ARRAY, 4, 4, 16, 4, 4, true));
    }

    /** Blocks larger than the matrix are the matrix: 6 rows and 10 keys in 32 x 32 blocks is the one pair above, transposed: 40. */
    @Test
    void blocksLargerThanTheMatrixAreOnePair() {
        assertEquals(40, AttentionBlockTiming.productCycles(ARRAY, 6, 10, 16, 32, 32, true));
    }

    /** 2R + C - 2 = 8 + 8 - 2 = 14 on 4x8, 16 + 4 - 2 = 18 on 8x4. */
    @Test
    void fillIsTheFoldContractWithoutTheStream() {
        assertEquals(14, AttentionBlockTiming.fillCycles(ARRAY));
        assertEquals(18, AttentionBlockTiming.fillCycles(new ComputeArray("b", 8, 4, new PeKind.Mac(DType.INT8),
                Dataflow.WS, 1)));
    }

    /**
     * The output block (rows x d) is rescaled once per key/value block: 3 instances x 5 rows x 7 wide
     * x ceil(20/8) = 3 blocks = 315; blocks of 10 divide 20 into 2: 210; a block past the keys is one: 105.
     */
    @Test
    void rescaleOncePerKeyValueBlock() {
        assertEquals(315, AttentionBlockTiming.rescaleOps(3, 5, 20, 7, 8), 0);
        assertEquals(210, AttentionBlockTiming.rescaleOps(3, 5, 20, 7, 10), 0);
        assertEquals(105, AttentionBlockTiming.rescaleOps(3, 5, 20, 7, 50), 0);
    }
}
