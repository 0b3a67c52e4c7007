package dev.weft.sim.scalesim;

/**
 * A block skewed through an edge of the array, as SCALE-Sim's demand matrices skew it: column
 * {@code c} (of {@code colsUsed}) passes one word a cycle at steps {@code c + low} to
 * {@code c + high}, steps counted from cycle {@code lead} of the fold. A fold's outputs leave
 * this way, and a streamed operand's words enter this way.
 */
record SkewBand(long lead, long low, long high, long colsUsed) {
    long at(long cycle) {
        long step = cycle - lead;
        return Math.max(0, Math.min(colsUsed - 1, step - low) - Math.max(0, step - high) + 1);
    }

    /** Words passed before cycle {@code cycle}. */
    long before(long cycle) {
        long steps = cycle - lead;
        if (steps <= 0) {
            return 0;
        }
        long fullColumns = Math.max(0, Math.min(colsUsed, steps - high));
        long partialEnd = Math.min(colsUsed, steps - low);
        long total = fullColumns * (high - low + 1);
        if (partialEnd > fullColumns) {
            long count = partialEnd - fullColumns;
            total += count * (steps - low) - (fullColumns + partialEnd - 1) * count / 2;
        }
        return total;
    }

    long firstCycle() {
        return lead + low;
    }

    /** One past the last cycle with words. */
    long endCycle() {
        return lead + colsUsed + high;
    }

    /**
     * The first cycle at or after {@code cycle} by whose end {@code outputs} more words have
     * passed; {@link Long#MAX_VALUE} if the fold never gets there.
     */
    long cycleReaching(long cycle, long outputs) {
        long target = before(cycle) + outputs;
        if (before(endCycle()) < target) {
            return Long.MAX_VALUE;
        }
        long lowCycle = Math.max(cycle, firstCycle());
        long highCycle = endCycle() - 1;
        while (lowCycle < highCycle) {
            long mid = (lowCycle + highCycle) >>> 1;
            if (before(mid + 1) >= target) {
                highCycle = mid;
            } else {
                lowCycle = mid + 1;
            }
        }
        return lowCycle;
    }
}
