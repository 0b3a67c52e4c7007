package dev.weft.kernels;

import java.util.SplittableRandom;

/**
 * Seeded random operands for tests, benchmarks and {@code weft run}. Values are bounded
 * away from zero so that no check can pass on an all-zero (or mostly zero) result.
 */
public final class RandomTensors {
    private final SplittableRandom random;

    public RandomTensors(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in {@code [-scale, -scale/10] U [scale/10, scale]}. */
    public float[] floats(int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double magnitude = scale * (0.1 + 0.9 * random.nextDouble());
            values[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
        }
        return values;
    }

    public float[] floats(int n) {
        return floats(n, 1.0);
    }

    /** Uniform in {@code [low, high)}, for operands with a sign constraint (scan step sizes, decay rates). */
    public float[] uniform(int n, double low, double high) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return values;
    }

    /** {@code tokens} random {@code bits}-bit codes packed into 32-bit words, unused high bits clear. */
    public int[] codes(int tokens, int bits) {
        int words = Shapes.words(bits);
        int[] packed = new int[tokens * words];
        for (int t = 0; t < tokens; t++) {
            for (int bit = 0; bit < bits; bit++) {
                if (random.nextBoolean()) {
                    packed[t * words + bit / 32] |= 1 << (bit % 32);
                }
            }
        }
        return packed;
    }

    /** A dense matrix in which each element is kept with probability {@code density}, else zero. */
    public float[] sparse(int rows, int cols, double density) {
        float[] values = floats(rows * cols);
        for (int i = 0; i < values.length; i++) {
            if (random.nextDouble() >= density) {
                values[i] = 0;
            }
        }
        return values;
    }
}
