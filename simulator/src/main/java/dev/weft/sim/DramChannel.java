package dev.weft.sim;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The DRAM channel of the fast engine, in closed form: one transfer at a time, each holding
 * the channel for {@code ceil(bytes / bandwidth)} cycles and never interrupted. Reads (tile
 * loads) go before pending write-backs, as a memory controller with a write buffer does,
 * except a load that brings partial sums back: it may read what a pending write-back writes,
 * so it waits for the write-backs queued before it. Write-backs are committed lazily: a
 * write's start is fixed once no load issued later can overtake it.
 */
final class DramChannel {
    private final MemorySpec memory;
    private long free;
    private long busy;
    private final ArrayDeque<long[]> pendingWrites = new ArrayDeque<>();
    private long[] writeDone = new long[16];
    private int writesCommitted;

    DramChannel(MemorySpec memory) {
        this.memory = memory;
    }

    /** Issues a read of {@code bytes} at {@code request}; returns the cycle its transfer ends. */
    long read(long request, double bytes, boolean afterPendingWrites) {
        long cycles = memory.transferCycles(bytes);
        commitWrites(afterPendingWrites ? Long.MAX_VALUE : request);
        long start = Math.max(request, free);
        free = start + cycles;
        busy += cycles;
        return free;
    }

    /** Queues the write-back of output tile number {@code writesIssued()} at {@code request}. */
    void write(long request, double bytes) {
        pendingWrites.add(new long[] {request, memory.transferCycles(bytes)});
    }

    /** The cycle the write-back of the {@code index}-th departed output tile ends. */
    long writeDone(int index) {
        while (writesCommitted <= index) {
            commitOne();
        }
        return writeDone[index];
    }

    /** Commits every pending write-back; returns the cycle the channel is idle for good. */
    long drain() {
        commitWrites(Long.MAX_VALUE);
        return free;
    }

    long busyCycles() {
        return busy;
    }

    /** Starts the pending write-backs that begin before {@code before}, in order. */
    private void commitWrites(long before) {
        while (!pendingWrites.isEmpty() && Math.max(pendingWrites.peek()[0], free) < before) {
            commitOne();
        }
    }

    private void commitOne() {
        long[] write = pendingWrites.poll();
        long start = Math.max(write[0], free);
        free = start + write[1];
        busy += write[1];
        if (writesCommitted == writeDone.length) {
            writeDone = Arrays.copyOf(writeDone, writeDone.length * 2);
        }
        writeDone[writesCommitted++] = free;
    }
}
