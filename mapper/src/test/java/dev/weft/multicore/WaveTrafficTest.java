package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Distinct panels per wave, counted by hand on small grids. */
class WaveTrafficTest {

    /**
     * 1 x 8 x 96 tiles (GEMM 1024 x 12288 in 128 x 128 tiles), 108 cores, n fastest: the first
     * wave covers row 0 (96 tiles) and 12 tiles of row 1: 2 input panels, 96 weight panels.
     * m fastest: 108 tiles = 13 full columns of 8 and 4 of the 14th: 8 input panels, 14 weight panels.
     */
    @Test
    void rasterOrderDecidesWhichOperandIsShared() {
        WaveTraffic nFast = new WaveTraffic(1, 8, 96, true);
        assertEquals(2, nFast.inputPanels(0, 108));
        assertEquals(96, nFast.weightPanels(0, 108));
        WaveTraffic mFast = new WaveTraffic(1, 8, 96, false);
        assertEquals(8, mFast.inputPanels(0, 108));
        assertEquals(14, mFast.weightPanels(0, 108));
    }

    /** The last wave of 768 tiles on 108 cores holds 12 tiles: 648..767, row 6 from column 72 and row 7. */
    @Test
    void lastWaveIsPartlyFilled() {
        WaveTraffic grid = new WaveTraffic(1, 8, 96, true);
        assertEquals(768, grid.tiles());
        assertEquals(2, grid.inputPanels(648, 768));
        assertEquals(96, grid.weightPanels(648, 768));
        assertEquals(1, grid.inputPanels(756, 768));
        assertEquals(12, grid.weightPanels(756, 768));
    }

    /**
     * Batched operands (attention heads) share nothing across batch entries: 96 heads of 1 x 8
     * tiles, 108 cores, n fastest: 13 heads whole (8 panels each) and 4 tiles of the 14th.
     */
    @Test
    void batchEntriesDoNotShare() {
        WaveTraffic grid = new WaveTraffic(96, 1, 8, true);
        assertEquals(14, grid.inputPanels(0, 108));
        assertEquals(13 * 8 + 4, grid.weightPanels(0, 108));
    }
}
