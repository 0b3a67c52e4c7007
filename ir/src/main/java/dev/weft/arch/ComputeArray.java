package dev.weft.arch;

import java.util.Objects;

/**
 * A two-dimensional array of identical processing elements.
 *
 * @param pjPerOp               energy of one PE action: a MAC, an XNOR-popcount of one word, or a sparse MAC
 * @param weightDoubleBuffering whether each PE of a weight-stationary array has a shadow weight
 *                              register that loads the next fold's weight while the current fold
 *                              streams ({@link SystolicTiming})
 */
public record ComputeArray(String name, int rows, int cols, PeKind pe, Dataflow dataflow, double pjPerOp,
                           boolean weightDoubleBuffering) {

    public ComputeArray {
        Objects.requireNonNull(pe, "pe");
        Objects.requireNonNull(dataflow, "dataflow");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a compute array needs a name");
        }
        if (rows <= 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array " + name + ": rows and cols must be positive, was "
                    + rows + "x" + cols);
        }
        if (!(pjPerOp >= 0) || Double.isInfinite(pjPerOp)) {
            throw new IllegalArgumentException("array " + name + ": energy per op must be finite and >= 0");
        }
        if (weightDoubleBuffering && dataflow != Dataflow.WS) {
            throw new IllegalArgumentException("array " + name + ": only a weight-stationary array double-buffers weights");
        }
    }

    /** An array whose PEs load each fold's weights between folds. */
    public ComputeArray(String name, int rows, int cols, PeKind pe, Dataflow dataflow, double pjPerOp) {
        this(name, rows, cols, pe, dataflow, pjPerOp, false);
    }

    /** One of {@code parts} column slices of this array, each running its own work beside the others. */
    public ComputeArray columnSlice(int parts) {
        return new ComputeArray(name, rows, cols / parts, pe, dataflow, pjPerOp, weightDoubleBuffering);
    }

    public int pes() {
        return rows * cols;
    }

    /** E.g. {@code 32x32 int8 MAC ws}, for listings. */
    public String summary() {
        return rows + "x" + cols + " " + pe.label() + " " + dataflow.label()
                + (weightDoubleBuffering ? " double-buffered" : "");
    }
}
