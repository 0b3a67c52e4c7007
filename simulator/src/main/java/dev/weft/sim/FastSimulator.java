package dev.weft.sim;

import dev.weft.arch.SystolicTiming;

/**
 * The fast engine: one event per buffer tile. A tile's compute time is
 * {@link SystolicTiming}'s closed form (every fold of a tile is a fixed pattern of the
 * contract, so nothing is lost by not stepping its cycles); the memory system is exact at
 * cycle granularity:
 * <ul>
 *   <li>the prefetcher issues a tile's loads (new ifmap and filter tiles, partial sums of a
 *       revisited output) when the array starts the tile before it: double buffering
 *       means one tile computes while the next one loads;</li>
 *   <li>the DRAM channel ({@link DramChannel}) moves one transfer at a time, each holding it
 *       for {@code ceil(bytes / bandwidth)} cycles, loads before pending write-backs (but a
 *       load of partial sums after the write-backs queued before it); read data is usable
 *       {@code latency} cycles after its transfer ends;</li>
 *   <li>an output tile is written back when the array leaves it, and its buffer half is
 *       free again when the write-back ends; a new output tile waits for the half it
 *       reuses;</li>
 *   <li>a tile starts when the previous one has finished, its data has arrived and its
 *       output half is free; the gaps are the stalls.</li>
 * </ul>
 * {@link CycleSimulator} steps the same machine one cycle at a time and must agree with
 * this one exactly.
 */
public final class FastSimulator {
    private FastSimulator() {
    }

    public static GemmResult run(GemmJob job, ArraySpec array, MemorySpec memory) {
        job.requireFits(memory);
        TileWalk walk = new TileWalk(job);
        Accesses accesses = new Accesses();
        DramChannel channel = new DramChannel(memory);
        long latency = memory.dramLatencyCycles();
        long computeCycles = 0;
        double arrayOps = 0;
        long folds = 0;
        long steps = 0;
        long previousEnd = 0;
        // output tiles counted in arrival order; they depart (and are written back) in the same order
        int arrivals = 0;

        walk.next();
        long ready = load(walk, accesses, channel, 0, latency);
        boolean more = true;
        while (more) {
            long start = Math.max(previousEnd, ready);
            if (walk.outputArrives()) {
                arrivals++;
                if (arrivals > 2) {
                    // the arriving tile takes the half of the tile two before it, free once written back
                    start = Math.max(start, channel.writeDone(arrivals - 3));
                }
            }
            long m = walk.em();
            long n = walk.en();
            long k = walk.ek();
            long kk = walk.kk();
            SystolicTiming.Folds tileFolds = SystolicTiming.folds(array.dataflow(), array.rows(), array.cols(), m, n, kk);
            long compute = tileFolds.cycles(array.rows(), array.cols(), array.weightDoubleBuffering());
            long end = start + compute;
            computeCycles += compute;
            folds += tileFolds.count();
            arrayOps += (double) m * n * kk;
            steps++;
            TileWork.count(array, job, m, n, k, kk, walk.firstReductionTile(), accesses);
            boolean departs = walk.outputDeparts();
            double write = departs ? walk.writeBytes() : 0;

            more = walk.next();
            ready = more ? load(walk, accesses, channel, start, latency) : 0;
            if (departs) {
                accesses.write(Level.DRAM, Tensor.OFMAP, write);
                accesses.read(Level.SRAM, Tensor.OFMAP, write);
                channel.write(end, write);
            }
            previousEnd = end;
        }
        long total = Math.max(previousEnd, channel.drain());
        return new GemmResult(total, computeCycles, total - computeCycles, arrayOps, job.usefulMacs(), folds, steps,
                channel.busyCycles(), accesses);
    }

    /** Issues the step's loads at {@code request}; returns the cycle its data is usable (0 with nothing to load). */
    private static long load(TileWalk walk, Accesses accesses, DramChannel channel, long request, long latency) {
        double bytes = countLoads(walk, accesses);
        return bytes > 0 ? channel.read(request, bytes, walk.psumArrives()) + latency : 0;
    }

    /** Bytes the step's loads bring from DRAM into the SRAM, counted at both levels. */
    static double countLoads(TileWalk walk, Accesses accesses) {
        double ifmap = walk.ifmapLoadBytes();
        double filter = walk.filterLoadBytes();
        double psum = walk.psumLoadBytes();
        accesses.read(Level.DRAM, Tensor.IFMAP, ifmap);
        accesses.read(Level.DRAM, Tensor.FILTER, filter);
        accesses.read(Level.DRAM, Tensor.OFMAP, psum);
        accesses.write(Level.SRAM, Tensor.IFMAP, ifmap);
        accesses.write(Level.SRAM, Tensor.FILTER, filter);
        accesses.write(Level.SRAM, Tensor.OFMAP, psum);
        return ifmap + filter + psum;
    }
}
