package dev.weft.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.kernels.run.LayerRunner;

/** Compares a result with the reference by the largest error relative to the reference's largest magnitude. */
public final class Close {
    private Close() {
    }

    public static double relativeError(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length, "length");
        boolean exercised = false;
        for (float value : expected) {
            exercised |= value != 0;
        }
        assertTrue(exercised, "the reference result is all zero: the test inputs do not exercise the kernel");
        return LayerRunner.relativeError(actual, expected);
    }

    public static void assertClose(float[] actual, float[] expected, double tolerance) {
        double error = relativeError(actual, expected);
        assertTrue(error <= tolerance, "relative error " + error + " exceeds " + tolerance);
    }
}
