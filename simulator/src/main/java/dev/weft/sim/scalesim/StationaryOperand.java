package dev.weft.sim.scalesim;

/**
 * An operand that stays in the array while the other one streams: SCALE-Sim cuts its
 * {@code rows x cols} matrix into array-sized blocks, prefetches it column block by column
 * block, row by row (padding the last block's missing columns), and loads block (row fold, column
 * fold) in the fold's first {@code arrayRows} cycles, bottom row first.
 */
record StationaryOperand(long rows, long cols, long arrayRows, long arrayCols) {
    long colFolds() {
        return ReadBuffer.ceilDiv(cols, arrayCols);
    }

    long validWords() {
        return rows * cols;
    }

    long fetchWords() {
        return rows * colFolds() * arrayCols;
    }

    /**
     * Like {@link StreamedOperand#demand}, for cycle {@code cycle} of fold (rowFold, colFold);
     * the words of one cycle lie along a row of the operand matrix.
     */
    boolean demand(long rowFold, long colFold, long cycle, long[] into) {
        long blockRow = arrayRows - 1 - cycle;
        if (cycle >= arrayRows || blockRow >= Math.min(arrayRows, rows - rowFold * arrayRows)) {
            return false;
        }
        into[2] = rowFold * arrayRows + blockRow;
        into[3] = colFold * arrayCols;
        into[0] = positionOf(into[2], into[3]);
        into[1] = into[0] + Math.min(arrayCols, cols - into[3]) - 1;
        return true;
    }

    /** Prefetch position of the operand matrix's word (row, col). */
    long positionOf(long row, long col) {
        long colFold = col / arrayCols;
        long used = Math.min(arrayCols, cols - colFold * arrayCols);
        return colFold * rows * arrayCols + row * used + col % arrayCols;
    }
}
