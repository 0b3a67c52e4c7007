package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reduction steps per stepping by hand, the partial group or word rounded up. */
class SteppingTest {

    @Test
    void denseStepsThroughEveryElement() {
        assertEquals(37, Stepping.DENSE.steps(37));
        assertEquals("dense", Stepping.DENSE.label());
    }

    /** 2 of every 4 kept: 37 elements are 9 whole groups and one of 1, ceil(74 / 4) = 19 steps; 8 are exactly 4. */
    @Test
    void nmStepsThroughTheKeptNonZeros() {
        Stepping twoOfFour = new Stepping.NM(2, 4);
        assertEquals(19, twoOfFour.steps(37));
        assertEquals(4, twoOfFour.steps(8));
        assertEquals(6, new Stepping.NM(3, 4).steps(8));
        assertEquals("2:4", twoOfFour.label());
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"0, 4", "4, 4", "5, 4", "-1, 2"})
    void nmNeedsFewerKeptThanTheGroup(int n, int m) {
        assertThrows(IllegalArgumentException.class, () -> new Stepping.NM(n, m));
    }

    /** One 64-bit word per bit plane: 100 codes are ceil(100 / 64) = 2 words, x 8 planes = 16 steps; 128 codes also 16. */
    @Test
    void xnorStepsOneWordPerPlane() {
        Stepping xnor = new Stepping.Xnor(64, 8);
        assertEquals(16, xnor.steps(100));
        assertEquals(16, xnor.steps(128));
        assertEquals(24, xnor.steps(129));
        assertEquals(3, new Stepping.Xnor(1, 1).steps(3));
        assertEquals("xnor64x8", xnor.label());
    }

    @ParameterizedTest(name = "{0} bits x {1}")
    @CsvSource({"0, 1", "1, 0", "-64, 8"})
    void xnorNeedsAWordAndAPlane(int wordBits, int planes) {
        assertThrows(IllegalArgumentException.class, () -> new Stepping.Xnor(wordBits, planes));
    }

    /**
     * Density 0.5 across 2 columns: a row is all zero with probability 0.5^2 = 0.25, so 75% of
     * the rows stay: 10 rows step ceil(7.5) = 8 times. Density 1 keeps every row; 1 row never
     * rounds to none.
     */
    @Test
    void rowSkipStepsThroughTheExpectedNonZeroRows() {
        Stepping skip = new Stepping.RowSkip(0.5, 2);
        assertEquals(8, skip.steps(10));
        assertEquals(3, skip.steps(4));
        assertEquals(10, new Stepping.RowSkip(1, 3).steps(10));
        // 0.1 over one column keeps 10%: 5 rows are 0.5, rounded up to 1
        assertEquals(1, new Stepping.RowSkip(0.1, 1).steps(5));
        assertEquals("rowskip", skip.label());
    }

    @ParameterizedTest(name = "density {0}, width {1}")
    @CsvSource({"0, 4", "1.01, 4", "-0.5, 4", "NaN, 4", "0.5, 0"})
    void rowSkipNeedsADensityAndAWidth(double density, int width) {
        assertThrows(IllegalArgumentException.class, () -> new Stepping.RowSkip(density, width));
    }
}
