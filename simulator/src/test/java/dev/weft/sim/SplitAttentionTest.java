package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ComputeArray;
import org.junit.jupiter.api.Test;

/**
 * Split-K decode small enough to follow by hand: one query row against 4096 keys of width 128, one-byte
 * elements, on the 32x32 weight-stationary array with DRAM fast enough (10^9 bytes per cycle) that every
 * transfer takes one cycle, and 644 cycles of vector work (the softmax, 5 operations per score on 32 lanes,
 * 640, and the output row rescaled once, 4). The analytic model gives 33,601 unsplit and 2,054 split 32 ways
 * ({@code SplitKDecodeTest}).
 */
class SplitAttentionTest {
    private static final ComputeArray ARRAY = ArchitectureLoader.preset("systolic-32x32-int8").arrays().get(0);
    private static final BlockedAttention.Core ROW = new BlockedAttention.Core(1, 1, 4096, 128, 1, 1, 1, 1, 1, 4096,
            false);
    private static final MemorySpec FAST_DRAM = MemorySpec.shared(1e9, 0, 512 * 1024);

    /**
     * Unsplit: Q, K, V loaded by cycles 1, 2, 3. The score product {@code [1 x 128] x [128 x 4096]} is 4 x 128 folds
     * of one streamed row, each held 32 cycles by the weight load (16,384; transposed, 4 folds of 4096, no
     * better), plus the fill 2 x 32 + 32 - 2 = 94: cycles 2 to 16,480. The softmax to 17,124. The context
     * product, 128 x 4 folds of 32 again: to 33,602. The output row written: 33,603, the analytic model's
     * 33,601 within 0.01%.
     */
    @Test
    void unsplitOneColumnWorksAtATime() {
        assertEquals(33603, BlockedAttention.run(ARRAY, ROW, new long[] {644}, FAST_DRAM).cycles());
    }

    /**
     * Split 32 ways: each part, on a 32 x 1 slice, takes 128 keys; its products run transposed, 4 folds streaming
     * 128 keys (or values) each, 512, plus the slice's fill 2 x 32 + 1 - 2 = 63. A part's loads (its 1/32 of
     * the query, its keys, its values) end at cycles 1, 2, 3; its scores run 2 to 577; its softmax, 1/32 of the
     * work on 1/32 of the lanes, 644 cycles to 1,221; its context product to 1,796. The vector unit then
     * merges 32 states of 2 x 128 + 3 operations on 32 lanes, 259 cycles, and the output row is written in 1:
     * 2,056 cycles against the analytic 2,054 (1.001), a 16.3x speed-up.
     */
    @Test
    void splitThirtyTwoWaysEachSliceTakesItsKeys() {
        SplitAttention.Result result = SplitAttention.run(ARRAY, ROW, 32, 644, 32, FAST_DRAM);
        assertEquals(1796, result.partCycles());
        assertEquals(259, result.mergeCycles());
        assertEquals(1, result.writeCycles());
        assertEquals(2056, result.cycles());
        // the keys and values once (2 x 4096 x 128), the query once across the parts; the output once
        assertEquals(2 * 4096 * 128 + 128, result.dramReadBytes(), 1e-9);
        assertEquals(128, result.dramWriteBytes(), 0);
    }

    /** Parts of unequal length: 100 keys in 3 parts of 34, 34 and 32; the time is the longest part's. */
    @Test
    void theLongestPartSetsTheTime() {
        BlockedAttention.Core keys = new BlockedAttention.Core(1, 1, 100, 32, 1, 1, 1, 1, 1, 100, false);
        SplitAttention.Result three = SplitAttention.run(ARRAY, keys, 3, 0, 32, FAST_DRAM);
        BlockedAttention.Core longest = new BlockedAttention.Core(1, 1, 34, 32, 1.0 / 3, 1, 1, 0, 1, 34, false);
        assertEquals(BlockedAttention.run(ARRAY.columnSlice(3), longest, new long[] {0},
                MemorySpec.shared(1e9 / 3, 0, 512 * 1024 / 3)).cycles(), three.partCycles());
        assertEquals(2 * 100 * 32 + 32, three.dramReadBytes(), 1e-9);
    }
}
