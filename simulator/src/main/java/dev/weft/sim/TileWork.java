package dev.weft.sim;

import dev.weft.arch.Dataflow;

/**
 * What the array does with one buffer tile: how it is folded onto the array, and the SRAM
 * accesses its folds make. Counts are elements; the caller prices them in bytes.
 *
 * <p>Per fold (used rows x used cols of the array, T streamed vectors), by dataflow:
 * weight stationary reads its weights once and the inputs once per column fold, and
 * exchanges partial sums with the SRAM on every row fold after the first; output stationary
 * streams both operands once per fold of the other and writes each output once; input
 * stationary is weight stationary with inputs and weights swapped.
 */
public final class TileWork {
    private TileWork() {
    }

    /** The fold grid of a tile: spatial extents along rows and columns, and the streamed length. */
    public record Grid(long rowsExtent, long colsExtent, long stream) {
        public long rowFolds(int rows) {
            return Stepping.ceilDiv(rowsExtent, rows);
        }

        public long colFolds(int cols) {
            return Stepping.ceilDiv(colsExtent, cols);
        }
    }

    public static Grid grid(Dataflow dataflow, long m, long n, long kk) {
        return switch (dataflow) {
            case WS -> new Grid(kk, n, m);
            case OS -> new Grid(m, n, kk);
            case IS -> new Grid(kk, m, n);
        };
    }

    /**
     * Adds the SRAM-side accesses of one tile to {@code into}: the array's operand reads and
     * partial-sum traffic, and the PE register traffic of its MACs (two operand reads and one
     * accumulator write per action) and of its shadow weights, each written once and read once
     * by the swap when the array double-buffers them.
     */
    public static void count(ArraySpec array, GemmJob job, long m, long n, long k, long kk, boolean firstReduction,
                             Accesses into) {
        long rowFolds = Stepping.ceilDiv(array.dataflow() == Dataflow.OS ? m : kk, array.rows());
        double mk = (double) m * k;
        double kn = (double) k * n;
        double mn = (double) m * n;
        double ifmapReads;
        double filterReads;
        double psumReads;
        double psumWrites;
        switch (array.dataflow()) {
            case WS -> {
                ifmapReads = mk * Stepping.ceilDiv(n, array.cols());
                filterReads = kn;
                psumReads = mn * (rowFolds - 1);
                psumWrites = mn * rowFolds;
            }
            case OS -> {
                ifmapReads = mk * Stepping.ceilDiv(n, array.cols());
                filterReads = kn * rowFolds;
                psumReads = 0;
                psumWrites = mn;
            }
            default -> {
                ifmapReads = mk;
                filterReads = kn * Stepping.ceilDiv(m, array.cols());
                psumReads = mn * (rowFolds - 1);
                psumWrites = mn * rowFolds;
            }
        }
        if (!firstReduction) {
            // the tile's outputs accumulate onto the partial sums of earlier reduction tiles
            psumReads += mn;
        }
        into.read(Level.SRAM, Tensor.IFMAP, ifmapReads * job.ifmapBytes());
        into.read(Level.SRAM, Tensor.FILTER, filterReads * job.filterBytes());
        into.read(Level.SRAM, Tensor.OFMAP, psumReads * GemmJob.PSUM_BYTES);
        into.write(Level.SRAM, Tensor.OFMAP, psumWrites * GemmJob.PSUM_BYTES);
        double ops = mn * kk;
        into.read(Level.PE, Tensor.IFMAP, ops);
        into.read(Level.PE, Tensor.FILTER, ops);
        into.write(Level.PE, Tensor.OFMAP, ops);
        if (array.weightDoubleBuffering()) {
            into.read(Level.PE, Tensor.FILTER, (double) kk * n);
            into.write(Level.PE, Tensor.FILTER, (double) kk * n);
        }
    }
}
