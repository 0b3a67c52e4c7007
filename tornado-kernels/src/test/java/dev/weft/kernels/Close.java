package dev.weft.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compares a result with the reference by the largest error relative to the reference's largest magnitude. */
public final class Close {
    private Close() {
    }

    public static double relativeError(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length, "length");
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 0, "the reference result is all zero: the test inputs do not exercise the kernel");
        return worst / scale;
    }

    public static void assertClose(float[] actual, float[] expected, double tolerance) {
        double error = relativeError(actual, expected);
        assertTrue(error <= tolerance, "relative error " + error + " exceeds " + tolerance);
    }
}
