package dev.weft.sim.scalesim;

/**
 * An operand that streams through the array edge while the other one stays: SCALE-Sim cuts its
 * {@code length x span} matrix into folds of {@code width} columns, stacks the folds, and
 * prefetches the stack anti-diagonal by anti-diagonal (bottom row first), padding the last fold's
 * missing columns; the array demands fold {@code f} skewed, one anti-diagonal a cycle, after
 * {@code leadCycles} cycles of nothing. Positions count the operand's words in prefetch order,
 * skipping the padding.
 */
record StreamedOperand(long length, long width, long span, long leadCycles) {
    long folds() {
        return ReadBuffer.ceilDiv(span, width);
    }

    long columnsUsed(long fold) {
        return Math.min(width, span - fold * width);
    }

    long validWords() {
        return length * span;
    }

    long fetchWords() {
        return length * folds() * width;
    }

    /**
     * The words demanded at cycle {@code cycle} of fold {@code fold}, consecutive in prefetch
     * order: positions {@code into[0]} to {@code into[1]}; the first is the operand matrix's
     * word ({@code into[2]}, {@code into[3]}), each next one a row up and a column right. False
     * when the cycle demands nothing.
     */
    boolean demand(long fold, long cycle, long[] into) {
        long step = cycle - leadCycles;
        long first = Math.max(0, step - length + 1);
        long last = Math.min(columnsUsed(fold) - 1, step);
        if (first > last) {
            return false;
        }
        into[0] = position(fold * length + step - first, first);
        into[1] = into[0] + last - first;
        into[2] = step - first;
        into[3] = fold * width + first;
        return true;
    }

    /** Prefetch position of the operand matrix's word (row, col). */
    long positionOf(long row, long col) {
        return position(col / width * length + row, col % width);
    }

    /** Prefetch position of stacked row {@code row}, column {@code col}. */
    long position(long row, long col) {
        long rows = length * folds();
        long diagonal = row + col;
        long position = cellsBefore(diagonal, rows, width) + Math.min(diagonal, rows - 1) - row;
        long lastUsed = columnsUsed(folds() - 1);
        if (lastUsed < width) {
            long padRow = rows - length;
            position -= cellsBefore(diagonal - padRow - lastUsed, length, width - lastUsed);
            position -= Math.max(0, Math.min(Math.min(diagonal, rows - 1), diagonal - lastUsed)
                    - Math.max(row + 1, padRow) + 1);
        }
        return position;
    }

    /** Cells (r, c) of a {@code rows x cols} matrix with r + c below {@code diagonal}. */
    static long cellsBefore(long diagonal, long rows, long cols) {
        if (diagonal <= 0) {
            return 0;
        }
        long columns = Math.min(cols, diagonal);
        long full = Math.max(0, Math.min(columns, diagonal - rows + 1));
        long partial = columns - full;
        return full * rows + partial * diagonal - (full + columns - 1) * partial / 2;
    }
}
