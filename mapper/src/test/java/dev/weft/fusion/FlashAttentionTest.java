package dev.weft.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ComputeArray;
import dev.weft.mapper.Mapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The FlashAttention block model against counts derived by hand. */
class FlashAttentionTest {
    /** One head of 256 queries and 256 keys of width 64, int8 in and out. */
    private static final FlashAttention.Shape HEAD = new FlashAttention.Shape(1, 256, 256, 64, 1, 1, 1, 1);

    @Test
    void streamedBlocksReadKeysAndValuesOncePerQueryBlock() {
        FlashAttention.Traffic traffic = FlashAttention.traffic(HEAD, new FlashAttention.Blocks(64, 32, false));
        // Q once: 256 x 64 = 16384; K once per each of 256 / 64 = 4 query blocks: 4 x 16384 = 65536
        assertEquals(16384, traffic.queryReadBytes());
        assertEquals(65536, traffic.keyReadBytes());
        // V four times as K; O written once
        assertEquals(65536, traffic.valueReadBytes());
        assertEquals(16384, traffic.outputWriteBytes());
        assertEquals(163840, traffic.totalBytes());
    }

    @Test
    void residentKeysAndValuesAreReadOnce() {
        FlashAttention.Traffic traffic = FlashAttention.traffic(HEAD, new FlashAttention.Blocks(64, 32, true));
        assertEquals(4 * 16384, traffic.totalBytes());
    }

    @Test
    void footprintCountsEveryTileTheBlocksKeep() {
        // Q 2 x 64 x 64 = 8192 (double-buffered); K and V 2 x 2 x 32 x 64 = 8192; scores 64 x 32 x 4 = 8192;
        // output accumulator and staging 64 x 64 x (4 + 1) = 20480; max and sum 2 x 64 x 4 = 512
        assertEquals(45568, FlashAttention.footprintBytes(HEAD, new FlashAttention.Blocks(64, 32, false)));
        // resident: K and V whole, 2 x 256 x 64 = 32768 instead of 8192
        assertEquals(45568 - 8192 + 32768, FlashAttention.footprintBytes(HEAD, new FlashAttention.Blocks(64, 32, true)));
    }

    @Test
    void pipelinedFoldsCostTheirStreamOrTheArrayRows() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ComputeArray array = arch.arrays().get(0);
        // one block pair 256 x 256 (the whole head): scores [256 x 64] x [64 x 256] on a 32x32 ws array.
        // Straight: 2 x 8 folds streaming 256 rows = 16 x 256 = 4096; transposed the same. Plus one fill
        // and drain 2 x 32 + 32 - 2 = 94.
        FlashAttention.Blocks whole = new FlashAttention.Blocks(256, 256, false);
        assertEquals(4096 + 94, FlashAttention.scoreCycles(array, HEAD, whole));
        // context [256 x 256] x [256 x 64]: 8 x 2 folds streaming 256 = 4096, or transposed [64 x 256] x [256 x 256]:
        // 8 x 8 folds streaming 64 = 4096
        assertEquals(4096 + 94, FlashAttention.contextCycles(array, HEAD, whole));
        // decode: one query row; the query stationary and the 256 keys streamed: 2 x 1 folds of 256 = 512
        FlashAttention.Shape decode = new FlashAttention.Shape(1, 1, 256, 64, 1, 1, 1, 1);
        assertEquals(512 + 94, FlashAttention.scoreCycles(array, decode, new FlashAttention.Blocks(1, 256, false)));
    }

    @Test
    void searchReturnsTheBestBlocksThatFit() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ComputeArray array = arch.arrays().get(0);
        double capacity = 45568;
        Optional<FlashAttention.Blocks> chosen = FlashAttention.search(array, HEAD, capacity, 12.8, 32);
        assertTrue(chosen.isPresent());
        double best = Double.POSITIVE_INFINITY;
        for (long br : Mapper.extents(256)) {
            for (long bc : Mapper.extents(256)) {
                for (boolean resident : new boolean[] {false, true}) {
                    FlashAttention.Blocks b = new FlashAttention.Blocks(br, bc, resident);
                    if (FlashAttention.footprintBytes(HEAD, b) <= capacity) {
                        double bytes = FlashAttention.traffic(HEAD, b).totalBytes();
                        double cycles = Math.max(Math.max(FlashAttention.scoreCycles(array, HEAD, b)
                                + FlashAttention.contextCycles(array, HEAD, b), bytes / 12.8),
                                FlashAttention.rescaleOps(HEAD, b) / 32);
                        best = Math.min(best, cycles * bytes);
                    }
                }
            }
        }
        FlashAttention.Blocks b = chosen.get();
        assertTrue(FlashAttention.footprintBytes(HEAD, b) <= capacity);
        double bytes = FlashAttention.traffic(HEAD, b).totalBytes();
        double cycles = Math.max(Math.max(FlashAttention.scoreCycles(array, HEAD, b)
                + FlashAttention.contextCycles(array, HEAD, b), bytes / 12.8), FlashAttention.rescaleOps(HEAD, b) / 32);
        assertEquals(best, cycles * bytes);
        assertTrue(FlashAttention.search(array, HEAD, 700, 12.8, 32).isEmpty(),
                "the smallest blocks, 1 x 1, need 716 bytes");
    }

    @Test
    void boundTermsFollowTheirFormulas() {
        // 256 x 256 x 64 head, int8, buffer of 8192 elements (>= d^2 = 4096): N^2 d^2 / M = 256^2 x 64^2 / 8192 = 32768
        AttentionBound.Terms terms = AttentionBound.of(HEAD, 8192);
        assertEquals(65536, terms.compulsoryBytes());
        assertEquals(32768, terms.sahaYeBytes());
        // Hong-Kung for the score product: 256 x 256 x 64 / sqrt(8192) = 4194304 / 90.51 = 46341.0
        assertEquals(46341.0, terms.hongKungScoresBytes(), 0.5);
        assertEquals(65536, terms.lowerBoundBytes());
        // below d^2 the product's own order: 256 x 256 x 64 / sqrt(1024) = 131072
        assertEquals(131072, AttentionBound.of(HEAD, 1024).sahaYeBytes());
    }
}
