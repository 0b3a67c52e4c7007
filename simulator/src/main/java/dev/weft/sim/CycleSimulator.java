package dev.weft.sim;

import java.util.ArrayDeque;

/**
 * The slow engine: the machine of {@link FastSimulator} stepped one cycle at a time. Each
 * cycle, in this order: a tile whose last fold ended retires (its output write-back joins
 * the write queue), the DRAM transfer that ends this cycle completes, the array starts the
 * next tile if its data has arrived and its output half is free (and the prefetcher queues
 * the loads of the tile after it), the idle DRAM channel takes the pending load (a partial-sum
 * load only once the write-backs queued before it have started) or else the oldest
 * write-back, and the array advances the wavefront of its current fold, counting the PEs
 * that work.
 *
 * <p>It exists to check the fast engine (they must agree to the cycle) and the fold
 * contract (its folds end when the wavefront leaves the array, which must be
 * {@link dev.weft.arch.SystolicTiming}'s length), and to time cases by brute force in
 * benchmarks. It is far slower: work per cycle grows with the array's rows.
 */
public final class CycleSimulator {
    private CycleSimulator() {
    }

    /** One tile, captured before the walk moves on to the next one. */
    private record Step(long m, long n, long k, long kk, boolean arrives, boolean departs, double writeBytes,
                        boolean firstReduction) {
    }

    /** A queued DRAM transfer; a partial-sum load must wait until {@code writesBefore} write-backs have started. */
    private record Transfer(long cycles, boolean write, long writesBefore) {
    }

    public static GemmResult run(GemmJob job, ArraySpec array, MemorySpec memory) {
        job.requireFits(memory);
        TileWalk walk = new TileWalk(job);
        Accesses accesses = new Accesses();
        ArrayDeque<Transfer> writes = new ArrayDeque<>();
        Transfer[] load = new Transfer[1];
        long latency = memory.dramLatencyCycles();
        int rows = array.rows();
        int cols = array.cols();

        walk.next();
        Step pending = capture(walk);
        long pendingArrival = 0;
        long writesIssued = 0;
        long writesStarted = 0;
        long pendingReady = enqueueLoad(walk, accesses, memory, load, writesIssued) ? Long.MAX_VALUE : 0;

        Transfer current = null;
        long currentEnds = 0;
        long busy = 0;
        long writesDone = 0;
        long arrivals = pending.arrives() ? 1 : 0;

        Step running = null;
        TileWork.Grid grid = null;
        long rowFold = 0;
        long colFold = 0;
        FoldWave wave = null;
        long foldCycle = 0;
        boolean runningDone = false;

        long computeCycles = 0;
        double macs = 0;
        long folds = 0;
        long steps = 0;
        long t = 0;
        while (true) {
            if (running != null && runningDone) {
                if (running.departs()) {
                    accesses.write(Level.DRAM, Tensor.OFMAP, running.writeBytes());
                    accesses.read(Level.SRAM, Tensor.OFMAP, running.writeBytes());
                    long cycles = memory.transferCycles(running.writeBytes());
                    writes.add(new Transfer(cycles, true, 0));
                    writesIssued++;
                }
                running = null;
            }
            if (current != null && currentEnds == t) {
                if (current.write()) {
                    writesDone++;
                } else {
                    pendingReady = t + latency;
                }
                current = null;
            }
            if (running == null && pending != null && pendingReady <= t
                    && (!pending.arrives() || writesDone >= pendingArrival - 1)) {
                running = pending;
                runningDone = false;
                grid = TileWork.grid(array.dataflow(), running.m(), running.n(), running.kk());
                rowFold = 0;
                colFold = 0;
                wave = wave(array, grid, 0, 0);
                foldCycle = 0;
                steps++;
                TileWork.count(array, job, running.m(), running.n(), running.k(), running.kk(),
                        running.firstReduction(), accesses);
                if (walk.next()) {
                    pending = capture(walk);
                    if (pending.arrives()) {
                        arrivals++;
                    }
                    pendingArrival = arrivals - 1;
                    pendingReady = enqueueLoad(walk, accesses, memory, load, writesIssued) ? Long.MAX_VALUE : 0;
                } else {
                    pending = null;
                }
            }
            while (current == null) {
                if (load[0] != null && writesStarted >= load[0].writesBefore()) {
                    current = load[0];
                    load[0] = null;
                } else if (!writes.isEmpty()) {
                    current = writes.poll();
                    writesStarted++;
                } else {
                    break;
                }
                currentEnds = t + current.cycles();
                busy += current.cycles();
                if (current.cycles() == 0) {
                    // a write-back of an output its fusion group keeps on chip frees its half at once
                    if (current.write()) {
                        writesDone++;
                    } else {
                        pendingReady = t + latency;
                    }
                    current = null;
                }
            }
            if (running == null && pending == null && current == null && load[0] == null && writes.isEmpty()) {
                break;
            }
            if (running != null) {
                macs += wave.activeAt(foldCycle);
                computeCycles++;
                foldCycle++;
                if (!wave.busyAt(foldCycle)) {
                    folds++;
                    if (++rowFold == grid.rowFolds(rows)) {
                        rowFold = 0;
                        colFold++;
                    }
                    if (colFold == grid.colFolds(cols)) {
                        runningDone = true;
                    } else {
                        wave = wave(array, grid, rowFold, colFold);
                        foldCycle = 0;
                    }
                }
            }
            t++;
        }
        return new GemmResult(t, computeCycles, t - computeCycles, macs, job.usefulMacs(), folds, steps, busy,
                accesses);
    }

    private static FoldWave wave(ArraySpec array, TileWork.Grid grid, long rowFold, long colFold) {
        long usedRows = Math.min(array.rows(), grid.rowsExtent() - rowFold * array.rows());
        long usedCols = Math.min(array.cols(), grid.colsExtent() - colFold * array.cols());
        boolean preloaded = array.weightDoubleBuffering() && (rowFold > 0 || colFold > 0);
        return new FoldWave(array.dataflow(), array.rows(), array.cols(), usedRows, usedCols, grid.stream(), preloaded);
    }

    private static Step capture(TileWalk walk) {
        return new Step(walk.em(), walk.en(), walk.ek(), walk.kk(), walk.outputArrives(), walk.outputDeparts(),
                walk.outputDeparts() ? walk.writeBytes() : 0, walk.firstReductionTile());
    }

    /**
     * Queues the step's loads (at most one load is outstanding: the next tile's); true when
     * there is something to wait for. Loads go before queued write-backs, except partial sums,
     * which wait for the write-backs queued before them.
     */
    private static boolean enqueueLoad(TileWalk walk, Accesses accesses, MemorySpec memory, Transfer[] load,
                                       long writesIssued) {
        long cycles = memory.transferCycles(FastSimulator.countLoads(walk, accesses));
        if (cycles == 0) {
            return false;
        }
        load[0] = new Transfer(cycles, false, walk.psumArrives() ? writesIssued : 0);
        return true;
    }
}
