package dev.weft.sim.scalesim;

/**
 * SCALE-Sim v2.0.2's read SRAM in CALC bandwidth mode, which never stalls the array and only
 * estimates DRAM traffic. It records the words the array asks for in sets of
 * {@code SRAM words / 100} (rounded down) distinct words; a word already recorded since the
 * last prefetch is a hit. Once 50 sets have filled (the active half) it prefetches them and
 * forgets all it recorded, so a word read again after that is fetched again. DRAM reads are the
 * words recorded; the first prefetch is timed to end just before the first demand at 10 words a
 * cycle, each later one to span the cycles since the previous one.
 */
final class EstimateReadBuffer {
    /** SCALE-Sim splits its CALC-mode buffer into 100 sets, the first half active. */
    private static final long ACTIVE_SETS = 50;

    private final long wordsPerSet;
    private final int[] epochOf;
    private int epoch = 1;
    private long inEpoch;
    private long recorded;
    private long firstDemandCycle = -1;
    private long prefetches;
    private long lastPrefetchCycle;

    EstimateReadBuffer(long sramWords, long addresses) {
        this.wordsPerSet = sramWords / 100;
        this.epochOf = new int[Math.toIntExact(addresses)];
    }

    /** The array asks for {@code address} at {@code cycle}. */
    void demand(long cycle, long address) {
        if (firstDemandCycle < 0) {
            firstDemandCycle = cycle;
        }
        int slot = (int) address;
        if (epochOf[slot] == epoch) {
            return;
        }
        epochOf[slot] = epoch;
        recorded++;
        inEpoch++;
        if (inEpoch == ACTIVE_SETS * wordsPerSet) {
            prefetches++;
            lastPrefetchCycle = cycle;
            epoch++;
            inEpoch = 0;
        }
    }

    LayerReport.Traffic dram() {
        if (prefetches == 0) {
            long sets = ReadBuffer.ceilDiv(recorded, wordsPerSet);
            return new LayerReport.Traffic(-ReadBuffer.ceilDiv(sets * wordsPerSet,
                    ScaleSimConfig.CALC_READ_WORDS_PER_CYCLE), -1, recorded);
        }
        long firstLines = ReadBuffer.ceilDiv(ACTIVE_SETS * wordsPerSet, ScaleSimConfig.CALC_READ_WORDS_PER_CYCLE);
        return new LayerReport.Traffic(firstDemandCycle - firstLines, lastPrefetchCycle + 1, recorded);
    }
}
