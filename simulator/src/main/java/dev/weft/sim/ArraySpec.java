package dev.weft.sim;

import dev.weft.arch.Dataflow;
import java.util.Objects;

/** The systolic array the simulator drives: its size and which operand stays in the PEs. */
public record ArraySpec(int rows, int cols, Dataflow dataflow) {
    public ArraySpec {
        Objects.requireNonNull(dataflow, "dataflow");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("array rows and cols must be positive, was " + rows + "x" + cols);
        }
    }

    public long pes() {
        return (long) rows * cols;
    }
}
