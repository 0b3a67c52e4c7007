package dev.weft.sim.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ReadBuffer}'s closed forms against SCALE-Sim's loop: word by word, one prefetch at a time. */
class ReadBufferTest {
    /** SCALE-Sim's read buffer as it runs: a window of sets that moves a prefetch at a time until it holds the word. */
    static final class WordByWord {
        final long wordsPerSet;
        final long sets;
        final long activeSets;
        final long prefetchSets;
        final long linesPerPrefetch;
        long start;
        long prefetches;

        WordByWord(long sramWords, long validWords, long bandwidth) {
            long active = (sramWords + 1) / 2;
            wordsPerSet = (sramWords + 99) / 100;
            sets = validWords / wordsPerSet + 1;
            activeSets = Math.min((active + wordsPerSet - 1) / wordsPerSet, sets);
            prefetchSets = Math.min((sramWords - active + wordsPerSet - 1) / wordsPerSet, sets - activeSets);
            linesPerPrefetch = (sramWords - active + bandwidth - 1) / bandwidth;
        }

        boolean holds(long set) {
            long end = (start + activeSets) % sets;
            return start < end ? set >= start && set < end : set >= start || set < end;
        }

        long serve(long cycle, long first, long last) {
            long offset = 1;
            for (long word = first; word <= last; word++) {
                while (!holds(word / wordsPerSet)) {
                    start = (start + prefetchSets) % sets;
                    prefetches++;
                    offset = Math.max(offset, prefetches * (linesPerPrefetch + 1) - 1 - cycle);
                }
            }
            return cycle + offset;
        }
    }

    @Test
    void consecutiveWordsServedAtOnceAsWordByWord() {
        Random random = new Random(11);
        for (int run = 0; run < 3000; run++) {
            long sram = 1024L * (1 + random.nextInt(2));
            long valid = sram / 2 + random.nextInt((int) sram * 3);
            long bandwidth = 1 + random.nextInt(20);
            ReadBuffer buffer = new ReadBuffer(sram, valid, valid, bandwidth);
            WordByWord reference = new WordByWord(sram, valid, bandwidth);
            long cycle = 0;
            for (int demand = 0; demand < 50; demand++) {
                long first = random.nextInt((int) valid);
                long last = Math.min(valid - 1, first + random.nextInt(64));
                cycle += random.nextInt(30);
                assertEquals(reference.serve(cycle, first, last), buffer.serve(cycle, first, last),
                        "run " + run + " demand " + demand);
            }
            assertEquals(reference.prefetches, buffer.prefetches());
        }
    }
}
