package dev.weft.sim;

import dev.weft.arch.Dataflow;

/**
 * The wavefront of one fold, cycle by cycle, as the array's data path moves it: the slow
 * engine's model of the array, written from the data movement rather than from the
 * closed form, so that the two can check each other.
 *
 * <p>Weight and input stationary spend the first {@code R} cycles shifting the stationary
 * block in, one row per cycle; then PE {@code (r, c)} works on streamed vector {@code t} at
 * stream cycle {@code t + r + c}. The fold's data path is the whole array, used or not, so
 * the stream phase lasts until the wave has crossed PE {@code (R-1, C-1)}. Output stationary
 * then shifts its results out of the array, one row per cycle, for {@code R} cycles. A fold
 * whose weights were shifted into the shadow registers while the fold before it streamed
 * (double-buffered weight stationary) starts streaming at once.
 */
final class FoldWave {
    private final int rows;
    private final int cols;
    private final long usedRows;
    private final long usedCols;
    private final long stream;
    private final long preload;
    private final long drain;

    FoldWave(Dataflow dataflow, int rows, int cols, long usedRows, long usedCols, long stream, boolean preloaded) {
        this.rows = rows;
        this.cols = cols;
        this.usedRows = usedRows;
        this.usedCols = usedCols;
        this.stream = stream;
        this.preload = dataflow == Dataflow.OS || preloaded ? 0 : rows;
        this.drain = dataflow == Dataflow.OS ? rows : 0;
    }

    /** PEs of the used block that perform a MAC at fold cycle {@code x}. */
    long activeAt(long x) {
        long y = x - preload;
        if (y < 0) {
            return 0;
        }
        long active = 0;
        for (long r = 0; r < usedRows && r <= y; r++) {
            long first = Math.max(0, y - r - stream + 1);
            long last = Math.min(usedCols - 1, y - r);
            if (last >= first) {
                active += last - first + 1;
            }
        }
        return active;
    }

    /** Whether the fold still occupies the array at fold cycle {@code x}. */
    boolean busyAt(long x) {
        long y = x - preload;
        if (y < 0) {
            return true;
        }
        // the wave is inside the full array while some r + c <= y < r + c + T, r < R, c < C
        long lastWaveCycle = stream - 1 + (rows - 1) + (cols - 1);
        return y <= lastWaveCycle + drain;
    }
}
