package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.workload.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fold contract by hand, on a 4x8 array (rows and columns differ so that a swapped R and C
 * shows) and a tile of m=5, n=17, k=9 whose dimensions divide neither side evenly.
 */
class SystolicTimingTest {
    private static final int ROWS = 4;
    private static final int COLS = 8;

    /** 2R + C + T - 2: the skewed stream, the wave across the array, and the R-cycle load or unload. */
    @ParameterizedTest(name = "{0}x{1}, T={2}")
    @CsvSource({"4, 8, 5, 19", "8, 4, 5, 23", "1, 1, 1, 2", "32, 32, 64, 158"})
    void foldTakesTwoRowsPlusColumnsPlusStreamMinusTwo(int rows, int cols, long stream, long cycles) {
        assertEquals(cycles, SystolicTiming.foldCycles(rows, cols, stream));
    }

    @ParameterizedTest(name = "{0}x{1}, T={2}")
    @CsvSource({"0, 1, 1", "1, 0, 1", "1, 1, 0", "-1, 4, 4", "4, -1, 4", "4, 4, -1"})
    void emptyArrayOrStreamIsRefused(int rows, int cols, long stream) {
        assertThrows(IllegalArgumentException.class, () -> SystolicTiming.foldCycles(rows, cols, stream));
    }

    /**
     * WS keeps k x n spatial: ceil(9/4) x ceil(17/8) = 3 x 3 = 9 folds streaming m = 5;
     * OS keeps m x n: ceil(5/4) x 3 = 2 x 3 = 6 folds streaming k = 9;
     * IS keeps k x m: 3 x ceil(5/8) = 3 x 1 = 3 folds streaming n = 17.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"WS, 9, 5", "OS, 6, 9", "IS, 3, 17"})
    void foldsOfAnUnevenTile(Dataflow dataflow, long count, long stream) {
        assertEquals(new SystolicTiming.Folds(count, stream), SystolicTiming.folds(dataflow, ROWS, COLS, 5, 17, 9));
    }

    /** Dimensions that are whole multiples of the array leave no partial fold: k=8, n=16 is 2 x 2 on 4x8. */
    @Test
    void exactMultiplesMakeNoExtraFold() {
        assertEquals(new SystolicTiming.Folds(4, 3), SystolicTiming.folds(Dataflow.WS, ROWS, COLS, 3, 16, 8));
        // one element over each side adds a fold along each: ceil(9/4) x ceil(17/8) = 3 x 3
        assertEquals(new SystolicTiming.Folds(9, 3), SystolicTiming.folds(Dataflow.WS, ROWS, COLS, 3, 17, 9));
        // IS keeps k x m: m = 17 spreads over ceil(17/8) = 3 column folds
        assertEquals(new SystolicTiming.Folds(9, 3), SystolicTiming.folds(Dataflow.IS, ROWS, COLS, 17, 3, 9));
        // a tile smaller than the array is one fold
        assertEquals(new SystolicTiming.Folds(1, 7), SystolicTiming.folds(Dataflow.OS, ROWS, COLS, 1, 1, 7));
    }

    /**
     * Back to back: WS 9 folds x (8 + 8 + 5 - 2 = 19) = 171; OS 6 x (8 + 8 + 9 - 2 = 23) = 138;
     * IS 3 x (8 + 8 + 17 - 2 = 31) = 93.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"WS, 171", "OS, 138", "IS, 93"})
    void tileIsItsFoldsBackToBack(Dataflow dataflow, long cycles) {
        assertEquals(cycles, SystolicTiming.tileCycles(dataflow, ROWS, COLS, 5, 17, 9));
        assertEquals(cycles, SystolicTiming.folds(dataflow, ROWS, COLS, 5, 17, 9).cycles(ROWS, COLS));
        assertEquals(cycles, SystolicTiming.folds(dataflow, ROWS, COLS, 5, 17, 9).cycles(ROWS, COLS, false));
        assertEquals(cycles, SystolicTiming.tileCycles(array(dataflow, false), 5, 17, 9));
    }

    /**
     * Double-buffered weights: only the first of the 9 WS folds pays the 4-cycle load, each fold
     * streams and drains in R + C + T - 2 = 4 + 8 + 5 - 2 = 15: 4 + 9 x 15 = 139, 32 fewer than 171.
     * A one-fold tile saves nothing: 4 + (4 + 8 + 5 - 2) = 19, the plain fold.
     */
    @Test
    void doubleBufferedWeightsPayTheLoadOnce() {
        assertEquals(139, SystolicTiming.folds(Dataflow.WS, ROWS, COLS, 5, 17, 9).cycles(ROWS, COLS, true));
        assertEquals(139, SystolicTiming.tileCycles(array(Dataflow.WS, true), 5, 17, 9));
        assertEquals(19, SystolicTiming.tileCycles(array(Dataflow.WS, true), 5, 8, 4));
    }

    private static ComputeArray array(Dataflow dataflow, boolean weightDoubleBuffering) {
        return new ComputeArray("a", ROWS, COLS, new PeKind.Mac(DType.INT8), dataflow, 1, weightDoubleBuffering);
    }
}
