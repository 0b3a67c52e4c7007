package dev.weft.sim;

import dev.weft.schedule.GemmTile;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks a buffer tile and loop order for a lone GEMM (the {@code --gemm} and SCALE-Sim inputs,
 * which come without a schedule): among tiles whose extents are powers of two or the whole
 * dimension and that fit each SRAM double-buffered, the one with the least
 * {@code max(compute, DRAM transfer)} by a closed-form estimate, fewer tiles breaking ties.
 * The chosen one is then simulated for real.
 */
public final class TileChooser {
    private static final String[] ORDERS = {"mnk", "mkn", "nmk", "nkm", "kmn", "knm"};

    private TileChooser() {
    }

    public static GemmJob choose(String name, GemmTile problem, double elementBytes, ArraySpec array,
                                 MemorySpec memory) {
        return choose(name, problem, elementBytes, elementBytes, Stepping.DENSE, 1, array, memory);
    }

    /** As {@link #choose(String, GemmTile, double, ArraySpec, MemorySpec)}, for weights of their own size and stepping. */
    public static GemmJob choose(String name, GemmTile problem, double elementBytes, double filterBytes,
                                 Stepping stepping, double density, ArraySpec array, MemorySpec memory) {
        GemmJob best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        long bestSteps = Long.MAX_VALUE;
        for (long m : extents(problem.m())) {
            for (long n : extents(problem.n())) {
                for (long k : extents(problem.k())) {
                    GemmTile tile = new GemmTile(m, n, k);
                    for (String order : ORDERS) {
                        GemmJob job = new GemmJob(name, problem, 1, tile, order, elementBytes, filterBytes,
                                elementBytes, stepping, density);
                        if (!fits(job, memory)) {
                            continue;
                        }
                        double cost = Math.max(compute(problem, tile, array, stepping),
                                dramBytes(job) / memory.dramBytesPerCycle());
                        long steps = new TileWalk(job).totalSteps();
                        if (cost < bestCost || (cost == bestCost && steps < bestSteps)) {
                            best = job;
                            bestCost = cost;
                            bestSteps = steps;
                        }
                    }
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(name + ": no tile of " + problem + " fits the SRAMs double-buffered");
        }
        return best;
    }

    private static boolean fits(GemmJob job, MemorySpec memory) {
        try {
            job.requireFits(memory);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static List<Long> extents(long size) {
        List<Long> values = new ArrayList<>();
        for (long value = 1; value < size; value *= 2) {
            values.add(value);
        }
        values.add(size);
        return values;
    }

    private static double compute(GemmTile whole, GemmTile tile, ArraySpec array, Stepping stepping) {
        double cycles = 0;
        for (long[] m : edges(whole.m(), tile.m())) {
            for (long[] n : edges(whole.n(), tile.n())) {
                for (long[] k : edges(whole.k(), tile.k())) {
                    cycles += (double) m[1] * n[1] * k[1] * array.tileCycles(m[0], n[0], stepping.steps(k[0]));
                }
            }
        }
        return cycles;
    }

    /** Sizes and counts of the tiles along one dimension: full ones, then the remainder. */
    private static List<long[]> edges(long whole, long tile) {
        List<long[]> edges = new ArrayList<>();
        if (whole / tile > 0) {
            edges.add(new long[] {tile, whole / tile});
        }
        if (whole % tile > 0) {
            edges.add(new long[] {whole % tile, 1});
        }
        return edges;
    }

    /** DRAM bytes by the walk's reuse rule: a tile is fetched again when a loop that indexes it, or one outside it, advances. */
    private static double dramBytes(GemmJob job) {
        GemmTile whole = job.problem();
        GemmTile tile = job.tile();
        double a = fetches(job.order(), "mk", tile, whole) * tile.m() * tile.k() * job.ifmapBytes();
        double b = fetches(job.order(), "nk", tile, whole) * tile.k() * tile.n() * job.filterBytes();
        double outTiles = fetches(job.order(), "mn", tile, whole);
        double extra = outTiles - tile.count(whole, 'm') * tile.count(whole, 'n');
        double out = whole.m() * whole.n() * job.ofmapBytes()
                + 2 * extra * tile.m() * tile.n() * GemmJob.PSUM_BYTES;
        return a + b + out;
    }

    private static double fetches(String order, String relevant, GemmTile tile, GemmTile whole) {
        int innermost = -1;
        for (int i = 0; i < 3; i++) {
            if (relevant.indexOf(order.charAt(i)) >= 0 && tile.count(whole, order.charAt(i)) > 1) {
                innermost = i;
            }
        }
        double product = 1;
        for (int i = 0; i <= innermost; i++) {
            product *= tile.count(whole, order.charAt(i));
        }
        return product;
    }
}
