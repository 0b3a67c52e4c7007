package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import dev.weft.schedule.GemmTile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tile a lone GEMM gets, derived by hand for an 8x8x8 GEMM on a 4x4 weight-stationary array at 1 B/cycle. */
class TileChooserTest {
    private static final GemmTile PROBLEM = new GemmTile(8, 8, 8);
    private static final ArraySpec ARRAY = new ArraySpec(4, 4, Dataflow.WS);

    /**
     * Every tiling reads A and B and writes O at least once: 3 x 64 = 192 bytes, 192 cycles at 1 B/cycle,
     * more than any tiling computes (the whole tile: 2 x 2 folds of 8 + 4 + 8 - 2 = 18, 72 cycles). So
     * all tilings that move each tensor once tie at 192, and the fewest tiles win: the whole GEMM, in
     * the first loop order tried.
     */
    @Test
    void theWholeGemmWhenItFits() {
        GemmJob job = TileChooser.choose("g", PROBLEM, 1, ARRAY, MemorySpec.shared(1, 0, 1 << 20));
        assertEquals(PROBLEM, job.tile());
        assertEquals("mnk", job.order());
        assertEquals(Stepping.DENSE, job.stepping());
    }

    /**
     * An ifmap SRAM of 64 bytes holds A tiles of at most 32 elements double-buffered, so the whole
     * GEMM no longer fits. Tiles m=4 (n=8, k=8) or k=4 (m=8, n=8) still move each tensor once in
     * order mnk (192 bytes: A 2 x 32, B 64, O 2 x 32 with no partial sums, or A 2 x 32, B 2 x 32, O 64)
     * and compute less (2 tiles x 4 folds x 14 = 112, or 2 x 2 x 18 = 72): both cost 192 in 2 tiles,
     * and the tie goes to the one found first, m=4 (extents are tried from the smallest m up).
     * No tiling costs less than 192, and none of one tile fits.
     */
    @Test
    void aSmallIfmapSramSplitsTheTileAndTiesGoToTheFirstFound() {
        GemmJob job = TileChooser.choose("g", PROBLEM, 1, ARRAY, MemorySpec.perTensor(1, 0, 64, 128, 512));
        assertEquals(new GemmTile(4, 8, 8), job.tile());
        assertEquals("mnk", job.order());
        job.requireFits(MemorySpec.perTensor(1, 0, 64, 128, 512));
    }

    /**
     * An 8x8x16 GEMM with the same 64-byte ifmap SRAM (A tiles of at most 32 elements) moves at least
     * 128 + 128 + 64 = 320 bytes, and needs at least 128 / 32 = 4 tiles. Of the 4-tile tilings, m=2
     * (n=8, k=16) computes 4 x 8 folds x 12 = 384 cycles; m=4, k=8 either reads B twice over (448 bytes,
     * order mnk) or, k outermost (nkm, kmn, knm), sends both output tiles out and back as partial sums:
     * 2 extra visits x 2 ways x 32 x 4 bytes = 512 more. k=4 (m=8, n=8) in order mnk moves 320 and
     * computes 4 x 2 folds x 18 = 144: it wins, and no partial sum crosses DRAM.
     */
    @Test
    void ordersThatSpillPartialSumsPayForThem() {
        GemmJob job = TileChooser.choose("g", new GemmTile(8, 8, 16), 1, ARRAY,
                MemorySpec.perTensor(1, 0, 64, 256, 512));
        assertEquals(new GemmTile(8, 8, 4), job.tile());
        assertEquals("mnk", job.order());
        TileWalk walk = new TileWalk(job);
        double psumBytes = 0;
        while (walk.next()) {
            psumBytes += walk.psumLoadBytes();
        }
        assertEquals(0, psumBytes, 0);
    }

    @Test
    void nothingFitsIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TileChooser.choose("tiny", PROBLEM, 1, ARRAY, MemorySpec.perTensor(1, 0, 1, 1, 1)));
        assertTrue(refused.getMessage().startsWith("tiny: no tile"), refused.getMessage());
    }

    /** Candidate extents: powers of two below the dimension, then the dimension itself. */
    @Test
    void extentsArePowersOfTwoAndTheWhole() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L), TileChooser.extents(10));
        assertEquals(List.of(1L, 2L, 4L, 8L), TileChooser.extents(8));
        assertEquals(List.of(1L), TileChooser.extents(1));
    }
}
