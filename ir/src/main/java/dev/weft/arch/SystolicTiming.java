package dev.weft.arch;

/**
 * The cycle-level contract of the systolic array: the one place that says how long a fold
 * takes. The analytic mapper, the cycle-level simulator and the generated RTL all follow it,
 * and the RTL check in Verilator holds the hardware to it.
 *
 * <p>A GEMM tile {@code [m x k] x [k x n]} on an {@code R x C} array is cut into folds: one
 * array-sized block of the two dimensions the dataflow keeps spatial. Each fold streams
 * {@code T} vectors through the array and takes exactly {@code 2R + C + T - 2} cycles:
 * <ul>
 *   <li>weight stationary (spatial k x n, streams m): R cycles shift a weight block down
 *       the columns, T input rows enter skewed one cycle per array row, and the last
 *       partial sum leaves the bottom row R + C - 2 cycles after the last input enters;</li>
 *   <li>output stationary (spatial m x n, streams k): T operand pairs enter skewed, the last
 *       PE accumulates its last product R + C - 2 cycles after the first enters, then R
 *       cycles shift the finished outputs out of the array one row per cycle;</li>
 *   <li>input stationary (spatial k x m, streams n): the weight-stationary timing with the
 *       roles of inputs and weights swapped.</li>
 * </ul>
 * Edge folds use part of the array but keep the full array's skew: the data path is as
 * long as the array, whatever part of it holds useful values. Folds of a tile run back to
 * back; nothing of one fold overlaps the next.
 *
 * <p><b>Weight double buffering</b> (weight stationary only): each PE has a shadow weight
 * register beside the one it multiplies with. The R cycles that shift a weight block down the
 * columns then shift it into the shadows, and a swap copies every shadow into its PE's weight
 * register on one clock edge. The first fold of a tile loads its block (R cycles, the swap
 * on the last of them) and streams as before. Every later fold's block is shifted into the
 * shadows while the fold before it streams: from that fold's first input on, the shadows are
 * free, and its stream and drain last {@code T + R + C - 2 >= R} cycles, so the load always
 * fits. The swap falls on the previous fold's last cycle, when the last PE takes its last
 * product with the old weight, and the next fold's inputs enter on the cycle after. A later
 * fold therefore takes {@code R + C + T - 2} cycles, and a tile of {@code F} folds
 * {@code R + F (R + C + T - 2)}: only the first fold pays the load. A tile's first fold pays it
 * again, since the next tile's weights may still be on their way from DRAM.
 */
public final class SystolicTiming {
    private SystolicTiming() {
    }

    /** How a tile is cut into folds, and how many vectors each fold streams. */
    public record Folds(long count, long stream) {
        /** Cycles all folds of the tile take on an {@code rows x cols} array. */
        public long cycles(int rows, int cols) {
            return count * foldCycles(rows, cols, stream);
        }

        /** Cycles all folds take, the weight loads of all but the first hidden when double-buffered. */
        public long cycles(int rows, int cols, boolean weightDoubleBuffering) {
            return weightDoubleBuffering ? rows + count * (foldCycles(rows, cols, stream) - rows) : cycles(rows, cols);
        }
    }

    /** Cycles of one fold that streams {@code stream} vectors: {@code 2R + C + T - 2}. */
    public static long foldCycles(int rows, int cols, long stream) {
        if (rows <= 0 || cols <= 0 || stream <= 0) {
            throw new IllegalArgumentException("array and stream must be positive: " + rows + "x" + cols + ", T=" + stream);
        }
        return 2L * rows + cols + stream - 2;
    }

    /** The folds of an {@code [m x k] x [k x n]} tile under a dataflow. */
    public static Folds folds(Dataflow dataflow, int rows, int cols, long m, long n, long k) {
        return switch (dataflow) {
            case WS -> new Folds(ceilDiv(k, rows) * ceilDiv(n, cols), m);
            case OS -> new Folds(ceilDiv(m, rows) * ceilDiv(n, cols), k);
            case IS -> new Folds(ceilDiv(k, rows) * ceilDiv(m, cols), n);
        };
    }

    /** Cycles of a whole tile: its folds, back to back. */
    public static long tileCycles(Dataflow dataflow, int rows, int cols, long m, long n, long k) {
        return folds(dataflow, rows, cols, m, n, k).cycles(rows, cols);
    }

    /** Cycles of a whole tile on {@code array}, double-buffered weights included. */
    public static long tileCycles(ComputeArray array, long m, long n, long k) {
        return folds(array.dataflow(), array.rows(), array.cols(), m, n, k).cycles(array.rows(), array.cols(),
                array.weightDoubleBuffering());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
