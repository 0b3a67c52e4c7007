package dev.weft.kernels.forward;

/**
 * How far an output of the device's forward pass is from the reference's: the largest
 * absolute error, the reference's largest magnitude, their ratio ({@code relativeError})
 * and the relative L2 norm {@code ||actual - expected|| / ||expected||}.
 */
public record OutputError(String tensor, int elements, double maxAbsError, double maxReference, double relativeError,
                          double relativeL2) {

    public static OutputError of(String tensor, float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(tensor + ": " + actual.length + " elements against the reference's "
                    + expected.length);
        }
        double worst = 0;
        double largest = 0;
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            worst = Math.max(worst, Math.abs(d));
            largest = Math.max(largest, Math.abs(expected[i]));
            difference += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return new OutputError(tensor, expected.length, worst, largest, ratio(worst, largest),
                ratio(Math.sqrt(difference), Math.sqrt(norm)));
    }

    private static double ratio(double error, double scale) {
        return scale == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : error / scale;
    }

    /** Both relative measures at most {@code bound} (NaN fails). */
    public boolean within(double bound) {
        return relativeError <= bound && relativeL2 <= bound;
    }
}
