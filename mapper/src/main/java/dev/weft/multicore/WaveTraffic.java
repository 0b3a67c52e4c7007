package dev.weft.multicore;

/**
 * How many distinct operand tiles one wave of cores reads from the outermost memory. The output
 * tiles of a contraction form a grid of {@code batch x rows x cols} tiles, dealt out to the cores
 * in raster order; tiles of one wave that share a row (or, without batching, a column) read
 * that row's input panel (column's weight panel) from DRAM once: the shared L2 serves the rest.
 *
 * @param batch       independent GEMMs; both operands differ between them (attention heads)
 * @param rows        tile rows (m tiles)
 * @param cols        tile columns (n tiles)
 * @param colsFastest whether consecutive tiles step along n first (else along m)
 */
public record WaveTraffic(long batch, long rows, long cols, boolean colsFastest) {

    public long tiles() {
        return batch * rows * cols;
    }

    /** Input panels ({@code b, m} tiles) that the tiles {@code [start, end)} read. */
    public long inputPanels(long start, long end) {
        return colsFastest ? lines(start, end, cols) : spread(start, end, rows, cols);
    }

    /** Weight panels ({@code b, n} tiles) that the tiles {@code [start, end)} read. */
    public long weightPanels(long start, long end) {
        return colsFastest ? spread(start, end, cols, rows) : lines(start, end, rows);
    }

    /** Lines of {@code length} consecutive tiles that the range touches: each is one panel of the slow operand. */
    private static long lines(long start, long end, long length) {
        return (end - 1) / length - start / length + 1;
    }

    /**
     * Distinct positions along the fast dimension of {@code fast} tiles, per batch entry (a batch
     * entry spans {@code fast x slow} tiles): a run shorter than one line touches each position
     * once, a longer one all of them.
     */
    private long spread(long start, long end, long fast, long slow) {
        long perBatch = fast * slow;
        long panels = 0;
        for (long b = start / perBatch; b * perBatch < end; b++) {
            long from = Math.max(start, b * perBatch);
            long to = Math.min(end, (b + 1) * perBatch);
            panels += Math.min(fast, to - from);
        }
        return panels;
    }
}
