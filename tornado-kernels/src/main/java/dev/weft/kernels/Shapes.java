package dev.weft.kernels;

import dev.weft.error.WeftInputException;

/**
 * Shapes of the arrays handed to an executor: checks that they have the lengths their shape
 * implies, and the host-side transpose between row-major layouts.
 */
public final class Shapes {
    private Shapes() {
    }

    /** A mismatch is the caller's mistake (a schedule or weights for another model), reported in one line. */
    public static void require(String kernel, String operand, long expected, int actual) {
        if (expected != actual) {
            throw new WeftInputException(kernel, operand, "has " + actual + " elements, the shape needs " + expected,
                    "give operands whose shapes match the operator");
        }
    }

    public static void positive(String kernel, String dim, long value) {
        if (value <= 0) {
            throw new WeftInputException(kernel, dim, "must be positive, was " + value, "give a size of 1 or more");
        }
    }

    /** A sparse {@code rows x cols} weight times a dense {@code cols x n} operand. */
    public static void sparseTimesDense(String kernel, int cols, int n, float[] b) {
        positive(kernel, "n", n);
        require(kernel, "b", (long) cols * n, b.length);
    }

    /** A row-wise kernel (softmax, layernorm) over {@code rows x cols}. */
    public static void rowWise(String kernel, int rows, int cols, float[] x) {
        positive(kernel, "rows", rows);
        positive(kernel, "cols", cols);
        require(kernel, "x", (long) rows * cols, x.length);
    }

    /** Layernorm: a row-wise input and a scale and shift per column. */
    public static void layerNorm(int rows, int cols, float[] x, float[] gamma, float[] beta) {
        rowWise("layernorm", rows, cols, x);
        require("layernorm", "gamma", cols, gamma.length);
        require("layernorm", "beta", cols, beta.length);
    }

    /** An element-wise operand {@code y} repeated along {@code x}: its length must divide x's. */
    public static void broadcast(String kernel, float[] x, float[] y) {
        if (y.length == 0 ? x.length != 0 : x.length % y.length != 0) {
            throw new WeftInputException(kernel, "y", "has " + y.length + " elements, which do not divide x's "
                    + x.length, "give an operand as long as x or one that repeats along it");
        }
    }

    /** RMSNorm: a row-wise input and a scale per column. */
    public static void rmsNorm(int rows, int cols, float[] x, float[] gamma) {
        rowWise("rmsnorm", rows, cols, x);
        require("rmsnorm", "gamma", cols, gamma.length);
    }

    /** Row indices into a table of {@code rows}: each must exist. */
    public static void gather(float[] table, int cols, int[] ids) {
        positive("gather", "cols", cols);
        if (table.length % cols != 0) {
            throw new WeftInputException("gather", "table", "has " + table.length + " elements, not rows of " + cols,
                    "give a table of whole rows");
        }
        int rows = table.length / cols;
        for (int id : ids) {
            if (id < 0 || id >= rows) {
                throw new WeftInputException("gather", "ids", "row " + id + " is outside the table's " + rows,
                        "give ids from 0 to " + (rows - 1));
            }
        }
    }

    /** Words of 32 bits that hold a {@code bits}-bit code. */
    public static int words(int bits) {
        return (bits + 31) / 32;
    }

    /** A row-major {@code rows x cols} matrix as its row-major {@code cols x rows} transpose. */
    public static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }
}
