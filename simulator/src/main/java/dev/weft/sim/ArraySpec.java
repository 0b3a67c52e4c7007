package dev.weft.sim;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.arch.SystolicTiming;
import java.util.Objects;

/**
 * The systolic array the simulator drives: its size, which operand stays in the PEs, and whether
 * shadow registers load the next fold's weights while a fold streams (weight stationary only).
 */
public record ArraySpec(int rows, int cols, Dataflow dataflow, boolean weightDoubleBuffering) {
    public ArraySpec {
        Objects.requireNonNull(dataflow, "dataflow");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("array rows and cols must be positive, was " + rows + "x" + cols);
        }
        if (weightDoubleBuffering && dataflow != Dataflow.WS) {
            throw new IllegalArgumentException("only a weight-stationary array double-buffers weights");
        }
    }

    /** The simulator's view of an architecture's systolic array. */
    public static ArraySpec of(ComputeArray array) {
        return new ArraySpec(array.rows(), array.cols(), array.dataflow(), array.weightDoubleBuffering());
    }

    public ArraySpec(int rows, int cols, Dataflow dataflow) {
        this(rows, cols, dataflow, false);
    }

    /** Cycles of one tile's folds under the fold contract ({@link SystolicTiming}). */
    public long tileCycles(long m, long n, long kk) {
        return SystolicTiming.folds(dataflow, rows, cols, m, n, kk).cycles(rows, cols, weightDoubleBuffering);
    }

    public long pes() {
        return (long) rows * cols;
    }
}
