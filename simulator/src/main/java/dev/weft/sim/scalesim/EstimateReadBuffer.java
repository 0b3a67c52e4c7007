package dev.weft.sim.scalesim;

/**
 * SCALE-Sim v2.0.2's read SRAM in CALC bandwidth mode, which never stalls the array and only
 * estimates DRAM traffic. It records the words the array asks for in sets of
 * {@code SRAM words / 100} (rounded down) distinct words; a word already recorded since the
 * last prefetch is a hit. Once 50 sets have filled (the active half) it prefetches them and
 * forgets all it recorded, so a word read again after that is fetched again. DRAM reads are the
 * words recorded; the first prefetch is timed to end just before the first demand at 10 words a
 * cycle, each later one to span the cycles since the previous one.
 *
 * <p>Words come either by address ({@link #demand}) or, where an operand is demanded as whole
 * blocks of distinct words, each block always in the same order (a GEMM's fold blocks), as runs
 * of a block ({@link #run}): then the words a block has recorded since the last prefetch are
 * always a suffix of its order, and a run is counted without looking at its words.
 */
final class EstimateReadBuffer {
    /** SCALE-Sim splits its CALC-mode buffer into 100 sets, the first half active. */
    private static final long ACTIVE_SETS = 50;

    private final long wordsPerSet;
    private final long wordsPerPrefetch;
    private final int[] epochOf;
    private int epoch = 1;
    private long inEpoch;
    private long recorded;
    private long firstDemandCycle = -1;
    private long prefetches;
    private long lastPrefetchCycle;
    /** Per block: the epoch in which its suffix from {@link #blockSuffix} was recorded. */
    private final int[] blockEpoch;
    private final long[] blockSuffix;
    private int block = -1;
    private int startEpoch;
    private long startSuffix;
    private long lastPrefetchWord;

    /**
     * @param addresses the operand's address space, when words come by address; 0 otherwise
     * @param blocks    the operand's blocks, when words come as runs of blocks; 0 otherwise
     */
    EstimateReadBuffer(long sramWords, long addresses, long blocks) {
        this.wordsPerSet = sramWords / 100;
        this.wordsPerPrefetch = ACTIVE_SETS * wordsPerSet;
        this.epochOf = new int[Math.toIntExact(addresses)];
        this.blockEpoch = new int[Math.toIntExact(blocks)];
        this.blockSuffix = new long[Math.toIntExact(blocks)];
    }

    /** The array asks for {@code address} at {@code cycle}. */
    void demand(long cycle, long address) {
        firstDemand(cycle);
        int slot = (int) address;
        if (epochOf[slot] != epoch) {
            epochOf[slot] = epoch;
            record(cycle, 1);
        }
    }

    private void firstDemand(long cycle) {
        if (firstDemandCycle < 0) {
            firstDemandCycle = cycle;
        }
    }

    /** Records {@code words} new words at {@code cycle}; at most enough to fill the active half. */
    private void record(long cycle, long words) {
        recorded += words;
        inEpoch += words;
        if (inEpoch == wordsPerPrefetch) {
            prefetches++;
            lastPrefetchCycle = cycle;
            epoch++;
            inEpoch = 0;
        }
    }

    /** The array starts asking for block {@code id}'s words, from the first in its order. */
    void startBlock(int id) {
        endBlock();
        block = id;
        startEpoch = blockEpoch[id];
        startSuffix = blockSuffix[id];
        lastPrefetchWord = -1;
    }

    private void endBlock() {
        if (block >= 0) {
            blockEpoch[block] = epoch;
            // the words after the last prefetch in this pass, or the whole block if there was none, are recorded now
            blockSuffix[block] = lastPrefetchWord + 1;
        }
    }

    /** The array asks for words {@code from} to {@code to - 1} of the block's order, all at {@code cycle}. */
    void run(long cycle, long from, long to) {
        firstDemand(cycle);
        long word = from;
        while (word < to) {
            long misses = (startEpoch == epoch ? Math.min(to, startSuffix) : to) - word;
            if (misses <= 0) {
                return;
            }
            long room = wordsPerPrefetch - inEpoch;
            long now = Math.min(misses, room);
            word += now;
            if (now == room) {
                lastPrefetchWord = word - 1;
            }
            record(cycle, now);
        }
    }

    /** The word of the block's order from {@code from} on at which the next prefetch happens; -1 if none before {@code size}. */
    long nextPrefetchWord(long from, long size) {
        long missesEnd = startEpoch == epoch ? Math.min(size, startSuffix) : size;
        long word = from + wordsPerPrefetch - inEpoch - 1;
        return word < missesEnd ? word : -1;
    }

    LayerReport.Traffic dram() {
        if (prefetches == 0) {
            long sets = ReadBuffer.ceilDiv(recorded, wordsPerSet);
            return new LayerReport.Traffic(-ReadBuffer.ceilDiv(sets * wordsPerSet,
                    ScaleSimConfig.CALC_READ_WORDS_PER_CYCLE), -1, recorded);
        }
        long firstLines = ReadBuffer.ceilDiv(wordsPerPrefetch, ScaleSimConfig.CALC_READ_WORDS_PER_CYCLE);
        return new LayerReport.Traffic(firstDemandCycle - firstLines, lastPrefetchCycle + 1, recorded);
    }
}
