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

    /** Like {@link StreamedOperand#demand}, for cycle {@code cycle} of fold (rowFold, colFold). */
    boolean demand(long rowFold, long colFold, long cycle, long[] into) {
        long blockRow = arrayRows - 1 - cycle;
        if (cycle >= arrayRows || blockRow >= Math.min(arrayRows, rows - rowFold * arrayRows)) {
            return false;
        }
        long used = Math.min(arrayCols, cols - colFold * arrayCols);
        into[0] = colFold * rows * arrayCols + (rowFold * arrayRows + blockRow) * used;
        into[1] = into[0] + used - 1;
        return true;
    }
}
