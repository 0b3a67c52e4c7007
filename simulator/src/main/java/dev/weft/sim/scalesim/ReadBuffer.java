package dev.weft.sim.scalesim;

/**
 * SCALE-Sim v2.0.2's double-buffered read SRAM in USER bandwidth mode, reduced to what its
 * cycles and counts depend on.
 *
 * <p>SCALE-Sim cuts the operand's prefetch order into sets of {@code ceil(SRAM words / 100)}
 * words; the active half holds {@code activeSets} consecutive sets (cyclically), and a demand
 * for a word outside them moves the window on by {@code prefetchSets} sets, once per prefetch,
 * until the word is inside; a word behind the window therefore waits for a whole cycle round
 * the operand. Each prefetch asks DRAM for {@code ceil(prefetch half / bandwidth)} lines and
 * is answered one cycle after its last line, and it is issued right after the previous one
 * whenever it is requested, so the k-th prefetch lands at cycle {@code k * (lines + 1) - 1}
 * whatever the array did meanwhile. The active half itself is filled before cycle 0.
 */
final class ReadBuffer {
    private final long wordsPerSet;
    private final long sets;
    private final long activeSets;
    private final long prefetchSets;
    private final long linesPerPrefetch;
    private final long fillLines;
    private final long bandwidthWords;
    private long windowStart;
    private long prefetches;

    /**
     * @param sramWords      the SRAM's size in words
     * @param validWords     the operand's words in the prefetch order
     * @param fetchWords     the prefetch order's length counting the padding SCALE-Sim leaves in
     *                       partial folds (its DRAM request lines cover it)
     * @param bandwidthWords words per cycle from DRAM
     */
    ReadBuffer(long sramWords, long validWords, long fetchWords, long bandwidthWords) {
        long active = (sramWords + 1) / 2;
        long prefetch = sramWords - active;
        this.bandwidthWords = bandwidthWords;
        this.wordsPerSet = ceilDiv(sramWords, 100);
        // SCALE-Sim closes a set every wordsPerSet words and keeps the last one open even when empty
        this.sets = validWords / wordsPerSet + 1;
        this.activeSets = Math.min(ceilDiv(active, wordsPerSet), sets);
        this.prefetchSets = Math.min(ceilDiv(prefetch, wordsPerSet), sets - activeSets);
        this.linesPerPrefetch = ceilDiv(prefetch, bandwidthWords);
        this.fillLines = Math.min(ceilDiv(active, bandwidthWords), ceilDiv(fetchWords, bandwidthWords));
    }

    /**
     * Serves one cycle's demand, the words at prefetch positions {@code firstWord..lastWord}
     * (consecutive in the prefetch order, demanded in that order), and answers the cycle at
     * which the array has them: one cycle of hit latency, or the arrival of the last prefetch
     * the demand needed. The window sweeps forward over the consecutive sets, a prefetch each
     * time the next set lies just past its end.
     */
    long serve(long cycle, long firstWord, long lastWord) {
        long before = prefetches;
        long first = firstWord / wordsPerSet;
        advance(stepsToReach(first));
        long end = first - Math.floorMod(first - windowStart, sets) + activeSets;
        long last = lastWord / wordsPerSet;
        if (last >= end) {
            advance(ceilDiv(last - end + 1, prefetchSets));
        }
        return answer(cycle, before);
    }

    /**
     * The first prefetch position past the window, counting on from {@code position}, or
     * {@link Long#MAX_VALUE} when the window reaches the operand's end; -1 when the window does
     * not hold {@code position}.
     */
    long firstPositionPast(long position) {
        long set = position / wordsPerSet;
        long distance = Math.floorMod(set - windowStart, sets);
        if (distance >= activeSets) {
            return -1;
        }
        long end = set - distance + activeSets;
        return end >= sets ? Long.MAX_VALUE : end * wordsPerSet;
    }

    long prefetches() {
        return prefetches;
    }

    /**
     * Brings into the window one word that the prefetch order holds at {@code count}
     * positions: SCALE-Sim finds a word in whichever set holds it.
     */
    void reachAny(long[] positions, int count) {
        long steps = Long.MAX_VALUE;
        for (int i = 0; i < count && steps > 0; i++) {
            steps = Math.min(steps, stepsToReach(positions[i] / wordsPerSet));
        }
        advance(steps);
    }

    /** The cycle a demand made at {@code cycle} is served, {@code before} being the prefetch count before it. */
    long answer(long cycle, long before) {
        return prefetches == before ? cycle + 1 : Math.max(cycle + 1, arrival(prefetches));
    }

    private long stepsToReach(long set) {
        long distance = Math.floorMod(set - windowStart, sets);
        return distance < activeSets ? 0 : ceilDiv(distance - activeSets + 1, prefetchSets);
    }

    private void advance(long steps) {
        if (steps > 0) {
            windowStart = (windowStart + steps % sets * prefetchSets) % sets;
            prefetches += steps;
        }
    }

    private long arrival(long prefetch) {
        return prefetch * (linesPerPrefetch + 1) - 1;
    }

    LayerReport.Traffic dram() {
        return new LayerReport.Traffic(-fillLines, prefetches == 0 ? -1 : arrival(prefetches),
                (fillLines + prefetches * linesPerPrefetch) * bandwidthWords);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
