package dev.weft.sim.nest;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The work waiting on one port of one memory instance, served earliest deadline first. Work is
 * fluid: a port moves its width every cycle, and a transfer may be split across cycles and
 * interleaved with others (a banked, pipelined memory). Deadlines are step indices: work due at
 * step {@code s} must be complete before step {@code s} starts. Earliest-deadline-first is the
 * order that meets every deadline whenever any order does, so a stall here is one the port's
 * bandwidth forces, not one the queue invents.
 */
final class PortQueue {
    private final PriorityQueue<Work> pending = new PriorityQueue<>((a, b) -> a.deadline() != b.deadline()
            ? Long.compare(a.deadline(), b.deadline()) : Long.compare(a.order, b.order));
    private long added;
    private double stepCycles;
    private final Map<Long, Work> singles = new HashMap<>();

    /**
     * A run of equal chunks released together, chunk {@code i} due at step {@code base + offsets[i]}
     * ({@code offsets} ascending; {@code null} for one chunk due at {@code base}).
     */
    private static final class Work {
        final double chunkCycles;
        final long base;
        final long[] offsets;
        final long order;
        int cursor;
        double leftCycles;

        Work(double chunkCycles, long base, long[] offsets, long order) {
            this.chunkCycles = chunkCycles;
            this.base = base;
            this.offsets = offsets;
            this.order = order;
            this.leftCycles = chunkCycles;
        }

        long deadline() {
            return offsets == null ? base : base + offsets[cursor];
        }

        int chunks() {
            return offsets == null ? 1 : offsets.length;
        }
    }

    /** Work the current step needs before the next one starts: the PEs' own reads and updates. */
    void addToStep(double cycles) {
        stepCycles += cycles;
    }

    /**
     * Adds work due at step {@code base}, in equal chunks due at {@code base + offsets[i]} when
     * {@code offsets} is given. Single pieces due at the same step join one entry, so that outputs
     * leaving part by part over a long period keep the queue short.
     */
    void add(double chunkCycles, long base, long[] offsets) {
        if (offsets == null && chunkCycles > 0) {
            Work joined = singles.get(base);
            if (joined != null) {
                joined.leftCycles += chunkCycles;
                return;
            }
            Work work = new Work(chunkCycles, base, null, added++);
            singles.put(base, work);
            pending.add(work);
            return;
        }
        if (chunkCycles > 0) {
            pending.add(new Work(chunkCycles, base, offsets, added++));
        }
    }

    boolean idle() {
        return stepCycles <= 0 && pending.isEmpty();
    }

    /** Cycles of the work due at or before step {@code step} still to do, with the current step's own. */
    double dueCycles(long step) {
        double due = stepCycles;
        for (Work work : pending) {
            if (work.deadline() > step) {
                continue;
            }
            due += work.leftCycles;
            for (int i = work.cursor + 1; i < work.chunks() && work.base + work.offsets[i] <= step; i++) {
                due += work.chunkCycles;
            }
        }
        return due;
    }

    /** Cycles of all the work waiting. */
    double leftCycles() {
        double left = stepCycles;
        for (Work work : pending) {
            left += work.leftCycles + (work.chunks() - 1 - work.cursor) * work.chunkCycles;
        }
        return left;
    }

    /** Serves the waiting work for {@code cycles}, earliest deadline first. */
    void serve(double cycles) {
        double taken = Math.min(cycles, stepCycles);
        stepCycles -= taken;
        double budget = cycles - taken;
        while (budget > 1e-12 && !pending.isEmpty()) {
            Work work = pending.poll();
            double served = Math.min(budget, work.leftCycles);
            budget -= served;
            work.leftCycles -= served;
            if (work.leftCycles <= 1e-12) {
                if (work.offsets == null) {
                    singles.remove(work.base);
                }
                work.cursor++;
                work.leftCycles = work.chunkCycles;
                if (work.cursor == work.chunks()) {
                    continue;
                }
            }
            pending.add(work);
        }
    }
}
