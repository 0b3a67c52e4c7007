package dev.weft.kernels;

import dev.weft.error.WeftInputException;

/** A sparse {@code rows x cols} matrix in compressed sparse rows: the non-zeros and their columns. */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
    public CsrMatrix {
        Shapes.positive("spmm_csr", "rows", rows);
        Shapes.positive("spmm_csr", "cols", cols);
        Shapes.require("spmm_csr", "row_ptr", rows + 1L, rowPtr.length);
        Shapes.require("spmm_csr", "col_idx", values.length, colIdx.length);
        if (rowPtr[0] != 0 || rowPtr[rows] != values.length) {
            throw new WeftInputException("spmm_csr", "row_ptr", "must run from 0 to " + values.length,
                    "build the matrix with CsrMatrix.fromDense");
        }
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new WeftInputException("spmm_csr", "row_ptr", "decreases at row " + i, "row pointers must not decrease");
            }
        }
        for (int c : colIdx) {
            if (c < 0 || c >= cols) {
                throw new WeftInputException("spmm_csr", "col_idx", "column " + c + " outside 0.." + (cols - 1),
                        "give column indices of the matrix");
            }
        }
    }

    /** The non-zeros of a dense row-major matrix. */
    public static CsrMatrix fromDense(float[] dense, int rows, int cols) {
        Shapes.require("spmm_csr", "dense", (long) rows * cols, dense.length);
        int nonzeros = 0;
        for (float v : dense) {
            nonzeros += v != 0 ? 1 : 0;
        }
        int[] rowPtr = new int[rows + 1];
        int[] colIdx = new int[nonzeros];
        float[] values = new float[nonzeros];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float v = dense[i * cols + j];
                if (v != 0) {
                    colIdx[at] = j;
                    values[at++] = v;
                }
            }
            rowPtr[i + 1] = at;
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    public int nonzeros() {
        return values.length;
    }
}
