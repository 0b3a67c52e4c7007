package dev.weft.sim.scalesim;

import java.util.ArrayDeque;

/**
 * SCALE-Sim v2.0.2's double-buffered ofmap SRAM, reduced to what its cycles and counts depend
 * on. Outputs are packed into DRAM lines of {@code bandwidth} words. When more than the drain
 * half is occupied and no drain is running, the buffer closes its open line (even part full)
 * and drains up to {@code ceil(drain half / bandwidth)} lines, one a cycle; while a drain runs
 * the array stalls only once the buffer is full. A drain frees and counts every line as full
 * except its last, so a part-full line inside a drain is counted as full, as SCALE-Sim counts it.
 */
final class WriteBuffer {
    private final long activeWords;
    private final long bandwidthWords;
    private final long linesPerDrain;
    private long freeWords;
    private long wordsInOpenLine;
    private long closedLines;
    /** Closed lines that are part full, as {line index, words}, in order. */
    private final ArrayDeque<long[]> partLines = new ArrayDeque<>();
    private long drainedLines;
    private long drainEndCycle;
    private long firstDrainCycle = -1;
    private long lastDrainCycle;
    private long writtenWords;

    WriteBuffer(long sramWords, long bandwidthWords) {
        this.activeWords = (sramWords + 1) / 2;
        this.bandwidthWords = bandwidthWords;
        this.linesPerDrain = ReadBuffer.ceilDiv(sramWords - activeWords, bandwidthWords);
        this.freeWords = sramWords;
    }

    /** Stores {@code words} outputs arriving at {@code cycle}; answers the cycle the last one is stored. */
    long store(long cycle, long words) {
        long current = cycle;
        long left = words;
        while (left > 0) {
            boolean draining = current < drainEndCycle;
            long chunk;
            if (draining) {
                chunk = Math.min(left, Math.max(1, freeWords));
            } else {
                chunk = Math.min(left, freeWords - 1 < activeWords ? 1 : freeWords - activeWords + 1);
            }
            put(chunk);
            left -= chunk;
            if (draining) {
                if (freeWords <= 0) {
                    current = drainEndCycle;
                }
            } else if (freeWords < activeWords) {
                closeOpenLine();
                drainEndCycle = drain(current);
            }
        }
        return current;
    }

    /**
     * Outputs (counting on from the next) up to and including the one at which the buffer does
     * more than store it, {@code cycle} being the cycle of the next: starts a drain, or stalls the
     * array; {@link Long#MAX_VALUE} while draining, until the drain ends at {@link #drainEndCycle}.
     */
    long outputsBeforeEvent(long cycle) {
        if (cycle < drainEndCycle) {
            return freeWords <= 0 ? 1 : freeWords;
        }
        return freeWords - 1 < activeWords ? 1 : freeWords - activeWords + 1;
    }

    long drainEndCycle() {
        return drainEndCycle;
    }

    /** Stores outputs that start nothing, as {@link #outputsBeforeEvent} allows. */
    void put(long words) {
        freeWords -= words;
        wordsInOpenLine += words;
        closedLines += wordsInOpenLine / bandwidthWords;
        wordsInOpenLine %= bandwidthWords;
    }

    private void closeOpenLine() {
        if (wordsInOpenLine > 0) {
            partLines.add(new long[] {closedLines, wordsInOpenLine});
            closedLines++;
            wordsInOpenLine = 0;
        }
    }

    /** Drains the next lines from {@code cycle}, one a cycle; answers the cycle of the last. */
    private long drain(long cycle) {
        long lines = Math.min(linesPerDrain, closedLines - drainedLines);
        long last = drainedLines + lines - 1;
        long lastWords = bandwidthWords;
        while (!partLines.isEmpty() && partLines.peekFirst()[0] <= last) {
            long[] part = partLines.pollFirst();
            if (part[0] == last) {
                lastWords = part[1];
            }
        }
        long words = (lines - 1) * bandwidthWords + lastWords;
        writtenWords += words;
        freeWords += words;
        drainedLines += lines;
        if (firstDrainCycle < 0) {
            firstDrainCycle = cycle;
        }
        lastDrainCycle = cycle + lines - 1;
        return lastDrainCycle;
    }

    /** Drains what is left, from {@code cycle} on, as SCALE-Sim does once the array is done. */
    void flush(long cycle) {
        closeOpenLine();
        long next = cycle;
        while (drainedLines < closedLines) {
            next = drain(next) + 1;
        }
    }

    LayerReport.Traffic dram() {
        return new LayerReport.Traffic(firstDrainCycle, lastDrainCycle, writtenWords);
    }
}
