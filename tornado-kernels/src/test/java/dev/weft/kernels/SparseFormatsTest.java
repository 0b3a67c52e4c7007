package dev.weft.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.error.WeftInputException;
import org.junit.jupiter.api.Test;

class SparseFormatsTest {
    @Test
    void csrKeepsTheNonZerosInRowOrder() {
        CsrMatrix csr = CsrMatrix.fromDense(new float[] {0, 2, 0, 3, 0, 4}, 2, 3);
        assertArrayEquals(new int[] {0, 1, 3}, csr.rowPtr());
        assertArrayEquals(new int[] {1, 0, 2}, csr.colIdx());
        assertArrayEquals(new float[] {2, 3, 4}, csr.values());
    }

    @Test
    void twoFourKeepsTheTwoLargestMagnitudesOfEachGroup() {
        // one row of 6 columns: a full group of 4 and a partial group of 2
        NmMatrix nm = NmMatrix.prune(new float[] {1, -5, 2, 4, 7, -8}, 1, 6, 2, 4);
        assertArrayEquals(new float[] {0, -5, 0, 4, 7, -8}, nm.toDense());
        assertEquals(4, nm.values().length);
    }

    @Test
    void indicesOutsideTheMatrixAreRejected() {
        // the partial last group has columns 4 and 5 only: in-group index 2 would be column 6
        assertThrows(WeftInputException.class, () -> new NmMatrix(1, 6, 2, 4, new float[] {1, 1, 1, 1},
                new int[] {0, 1, 0, 2}));
        assertThrows(WeftInputException.class, () -> new CsrMatrix(1, 3, new int[] {0, 1}, new int[] {3},
                new float[] {1}));
    }
}
