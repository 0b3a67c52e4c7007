package dev.weft.kernels;

import dev.weft.error.WeftInputException;

/**
 * A {@code rows x cols} matrix with N:M structured sparsity along each row: in every group
 * of {@code m} consecutive columns at most {@code n} are non-zero. Stored compressed as
 * {@code n} values per group ({@code [rows, groups, n]}) and, beside each, its column
 * within the group (0..m-1): the metadata sparse tensor cores read.
 */
public record NmMatrix(int rows, int cols, int n, int m, float[] values, int[] indices) {
    public NmMatrix {
        Shapes.positive("spmm_nm", "rows", rows);
        Shapes.positive("spmm_nm", "cols", cols);
        if (n <= 0 || m <= 0 || n > m) {
            throw new WeftInputException("spmm_nm", "n:m", "needs 0 < N <= M, was " + n + ":" + m, "use e.g. 2:4");
        }
        long stored = (long) rows * ((cols + m - 1) / m) * n;
        Shapes.require("spmm_nm", "values", stored, values.length);
        Shapes.require("spmm_nm", "indices", stored, indices.length);
        int groups = (cols + m - 1) / m;
        for (int at = 0; at < indices.length; at++) {
            // within the group, and inside the matrix in a partial last group, so kernels need no guard
            int column = (at / n) % groups * m + indices[at];
            if (indices[at] < 0 || indices[at] >= m || column >= cols) {
                throw new WeftInputException("spmm_nm", "indices", "index " + indices[at] + " at " + at
                        + " points outside its group or the matrix", "give each value's column within its group");
            }
        }
    }

    public int groups() {
        return (cols + m - 1) / m;
    }

    /**
     * Prunes a dense row-major matrix to N:M, keeping the {@code n} largest magnitudes of each
     * group, as magnitude pruning for sparse tensor cores does.
     */
    public static NmMatrix prune(float[] dense, int rows, int cols, int n, int m) {
        Shapes.require("spmm_nm", "dense", (long) rows * cols, dense.length);
        int groups = (cols + m - 1) / m;
        float[] values = new float[rows * groups * n];
        int[] indices = new int[values.length];
        for (int i = 0; i < rows; i++) {
            for (int g = 0; g < groups; g++) {
                boolean[] taken = new boolean[m];
                for (int slot = 0; slot < n; slot++) {
                    int best = -1;
                    for (int j = 0; j < m && g * m + j < cols; j++) {
                        float v = Math.abs(dense[i * cols + g * m + j]);
                        if (!taken[j] && (best < 0 || v > Math.abs(dense[i * cols + g * m + best]))) {
                            best = j;
                        }
                    }
                    int at = (i * groups + g) * n + slot;
                    if (best >= 0) {
                        taken[best] = true;
                        values[at] = dense[i * cols + g * m + best];
                        indices[at] = best;
                    }
                }
            }
        }
        return new NmMatrix(rows, cols, n, m, values, indices);
    }

    /** The matrix with its zeros filled back in. */
    public float[] toDense() {
        float[] dense = new float[rows * cols];
        int groups = groups();
        for (int i = 0; i < rows; i++) {
            for (int g = 0; g < groups; g++) {
                for (int slot = 0; slot < n; slot++) {
                    int at = (i * groups + g) * n + slot;
                    int col = g * m + indices[at];
                    if (col < cols) {
                        dense[i * cols + col] += values[at];
                    }
                }
            }
        }
        return dense;
    }
}
