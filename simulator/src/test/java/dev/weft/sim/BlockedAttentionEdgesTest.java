package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.arch.PeKind;
import dev.weft.workload.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fused attention core with partial blocks and two heads, small enough to follow by hand: the
 * block walk across heads, the lazily committed write-backs and the final drain.
 */
class BlockedAttentionEdgesTest {
    private static final ComputeArray ARRAY = new ComputeArray("a", 4, 4, new PeKind.Mac(DType.INT8), Dataflow.WS,
            1);
    /** Every transfer (at most 16 bytes) takes one cycle; data is usable when its transfer ends. */
    private static final MemorySpec FAST_DRAM = MemorySpec.shared(1e6, 0, 1 << 20);

    /**
     * Two heads of 6 queries against 5 keys, d = 4, 4 x 4 blocks, queries of half a byte, keys and
     * outputs of 2 bytes, values of a quarter (each transfer still one cycle): query blocks of
     * 4 and 2 rows, key/value blocks of 4 and 1, so four block pairs per head. On the 4x4 array
     * every product is one fold of max(stream, 4) = 4 cycles (either orientation: a tie, kept
     * straight), the first score and the first context product plus the fill 2 x 4 + 4 - 2 = 10.
     * 24 vector cycles over 60 score elements: the pairs' 16, 4, 8, 2 elements per head take
     * floor(24 x cumulative / 60) - the previous: 6, 2, 3, 1 in each head.
     *
     * <p>Loads Q0, K0, V0 end at 1, 2, 3. Pair by pair (scores start -> end, vector end, context end):
     * <pre>
     * h0 (q0,k0): 2 -> 16, 22, 36   loads K1 V1 at 3-5
     * h0 (q0,k1): 36 -> 40, 42, 46  loads Q1 K0 V0 36-39; O0 (16 B) queued at 46
     * h0 (q1,k0): 46 -> 50, 53, 57  loads K1 V1 46-48 (before O0, which would start at 46 only)
     * h0 (q1,k1): 57 -> 61, 62, 66  O0 48-49, then h1's Q0 K0 V0 57-60; O1 (8 B) queued at 66
     * h1 (q0,k0): 66 -> 70, 76, 80  K1 V1 66-68
     * h1 (q0,k1): 80 -> 84, 86, 90  O1 68-69, Q1 K0 V0 80-83; O0 queued at 90
     * h1 (q1,k0): 90 -> 94, 97, 101 K1 V1 90-92
     * h1 (q1,k1): 101 -> 105, 106, 110; O0 92-93, O1 queued at 110 ends 111
     * </pre>
     * The scores waited 2 cycles (for K0) and computed 14 + 7 x 4 = 42; the context never waited for
     * data, computed 42 and owns the last cycle of write-back: 44 + 24 + 43 = 111.
     * DRAM elements: Q 2 x (16 + 8) = 48 read, K and V 2 x (16 + 4 + 16 + 4) = 80 each, O 2 x (16 + 8) = 48
     * written: 48 x 0.5 + 80 x 2 = 184 bytes for the scores, 80 x 0.25 = 20 read and 48 x 2 = 96 written
     * for the context.
     */
    @Test
    void twoHeadsOfPartialBlocksByHand() {
        BlockedAttention.Core core = new BlockedAttention.Core(2, 6, 5, 4, 0.5, 2, 0.25, 2, 4, 4, false);
        BlockedAttention.Result result = BlockedAttention.run(ARRAY, core, new long[] {24}, FAST_DRAM);
        assertEquals(111, result.cycles());
        assertEquals(new BlockedAttention.Part(44, 42, 184, 0), result.scores());
        assertEquals(List.of(new BlockedAttention.Part(24, 24, 0, 0)), result.vector());
        assertEquals(new BlockedAttention.Part(43, 42, 20, 96), result.context());
    }

    /**
     * Resident keys and values stream with the first query block of each head only: K and V
     * 2 x (16 + 4) = 40 elements each instead of 80 (80 and 10 bytes); queries and outputs as before.
     */
    @Test
    void residentKeysAndValuesStreamOncePerHead() {
        BlockedAttention.Core core = new BlockedAttention.Core(2, 6, 5, 4, 0.5, 2, 0.25, 2, 4, 4, true);
        BlockedAttention.Result result = BlockedAttention.run(ARRAY, core, new long[] {24}, FAST_DRAM);
        assertEquals(24 + 80, result.scores().dramReadBytes(), 0);
        assertEquals(10, result.context().dramReadBytes(), 0);
        assertEquals(96, result.context().dramWriteBytes(), 0);
        assertEquals(result.cycles(), result.scores().cycles() + result.vector().get(0).cycles()
                + result.context().cycles());
    }

    /**
     * One head of 12 queries (three blocks of 4) against 9 keys (blocks of 4, 4 and 1), keys and values
     * resident: each query block is read once, with its first key/value block (12 x 4 x 0.5 = 24 bytes), the
     * keys and values with the first query block only (9 x 4 x 2 = 72 and 9 x 4 x 0.25 = 9 bytes), and each
     * output block written once after its last key/value block (12 x 4 x 2 = 96 bytes).
     */
    @Test
    void eachBlockIsReadOnceWhereItIsFirstUsed() {
        BlockedAttention.Core core = new BlockedAttention.Core(1, 12, 9, 4, 0.5, 2, 0.25, 2, 4, 4, true);
        BlockedAttention.Result result = BlockedAttention.run(ARRAY, core, new long[] {0}, FAST_DRAM);
        assertEquals(24 + 72, result.scores().dramReadBytes(), 0);
        assertEquals(9, result.context().dramReadBytes(), 0);
        assertEquals(96, result.context().dramWriteBytes(), 0);
    }
}
