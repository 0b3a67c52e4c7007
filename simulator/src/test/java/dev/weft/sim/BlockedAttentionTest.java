package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import org.junit.jupiter.api.Test;

/** A fused attention core small enough to follow by hand. */
class BlockedAttentionTest {

    /**
     * One head, N = 64 queries and keys, d = 64, one-byte elements, 32 x 32 blocks streamed (not
     * resident), on the 32x32 weight-stationary array with 8 bytes per cycle of DRAM and 100 cycles of
     * vector work over the whole score matrix.
     *
     * <p>Each block product ({@code [32x64]x[64x32]} or {@code [32x32]x[32x64]}) is 2 folds of 32 rows
     * streaming 32 vectors: 2 x max(32, 32) = 64 cycles, the first of each product plus the fill
     * 2 x 32 + 32 - 2 = 94. A 32 x 64 block is 2048 bytes: 256 DRAM cycles. The loads in order:
     * Q0 0-256, K0 256-512, V0 512-768; K1 768-1024, V1 1024-1280 (issued at 512); Q1 1280-1536,
     * K0 1536-1792, V0 1792-2048 (issued at 1024); K1 2048-2304, V1 2304-2560 (issued at 1792, before
     * the write-back of O0, queued at 1344); O0 2560-2816, O1 2816-3072. Pair by pair (scores start,
     * vector 25 cycles each, context start):
     * (0,0) 512 -> 670, 695, 768 -> 926; (0,1) 1024 -> 1088, 1113, 1280 -> 1344;
     * (1,0) 1792 -> 1856, 1881, 2048 -> 2112; (1,1) 2304 -> 2368, 2393, 2560 -> 2624; end 3072.
     * The scores waited 512 + 98 + 448 + 192 = 1250 cycles and computed 158 + 3 x 64 = 350; the
     * context waited 73 + 167 + 167 + 167 and 448 for the write-backs, and computed 350.
     * DRAM: 24,576 bytes in 3,072 cycles at 8 bytes per cycle, the channel never idle.
     */
    @Test
    void oneHeadOfSixtyFourByHand() {
        ComputeArray array = ArchitectureLoader.preset("systolic-32x32-int8").arrays().get(0);
        assertEquals(32, array.rows());
        assertEquals(Dataflow.WS, array.dataflow());
        BlockedAttention.Core core = new BlockedAttention.Core(1, 64, 64, 64, 1, 1, 1, 1, 32, 32, false);
        BlockedAttention.Result result = BlockedAttention.run(array, core, new long[] {100},
                MemorySpec.shared(8, 0, 1 << 20));
        assertEquals(3072, result.cycles());
        assertEquals(new BlockedAttention.Part(1600, 350, 4096 + 2 * 4096, 0), result.scores());
        assertEquals(new BlockedAttention.Part(100, 100, 0, 0), result.vector().get(0));
        assertEquals(new BlockedAttention.Part(1372, 350, 2 * 4096, 4096), result.context());
    }

    /**
     * Resident keys and values cross DRAM once: the same core moves 16,384 bytes, not 24,576. Loads Q0,
     * K0, V0 end at 256, 512, 768, K1 and V1 at 1024 and 1280, Q1 at 1536; the second query block then
     * computes without waiting (1536 -> 1842: 4 x 64 + 2 x 25), O0 is written 1536-1792 and O1,
     * ready at 1842, ends at 2098.
     */
    @Test
    void residentKeysAndValuesAreReadOnce() {
        ComputeArray array = ArchitectureLoader.preset("systolic-32x32-int8").arrays().get(0);
        BlockedAttention.Core core = new BlockedAttention.Core(1, 64, 64, 64, 1, 1, 1, 1, 32, 32, true);
        BlockedAttention.Result result = BlockedAttention.run(array, core, new long[] {100},
                MemorySpec.shared(8, 0, 1 << 20));
        assertEquals(4096 + 4096, result.scores().dramReadBytes(), 0);
        assertEquals(4096, result.context().dramReadBytes(), 0);
        assertEquals(4096, result.context().dramWriteBytes(), 0);
        assertEquals(result.cycles(), result.scores().cycles() + result.vector().get(0).cycles()
                + result.context().cycles());
        assertEquals(2098, result.cycles());
    }
}
