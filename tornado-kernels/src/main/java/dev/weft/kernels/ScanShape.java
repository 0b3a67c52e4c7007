package dev.weft.kernels;

/**
 * Mamba's selective scan over {@code batch} sequences of {@code length} steps with
 * {@code channels} channels and a {@code state}-dimensional state per channel.
 * Operands: x and delta {@code [batch, length, channels]}, A {@code [channels, state]},
 * B and C {@code [batch, length, state]}, D {@code [channels]}; output like x.
 */
public record ScanShape(int batch, int length, int channels, int state) {
    public ScanShape {
        Shapes.positive("selective_scan", "batch", batch);
        Shapes.positive("selective_scan", "length", length);
        Shapes.positive("selective_scan", "channels", channels);
        Shapes.positive("selective_scan", "state", state);
    }

    public void check(float[] x, float[] delta, float[] a, float[] b, float[] c, float[] d) {
        long tokens = (long) batch * length;
        Shapes.require("selective_scan", "x", tokens * channels, x.length);
        Shapes.require("selective_scan", "delta", tokens * channels, delta.length);
        Shapes.require("selective_scan", "a", (long) channels * state, a.length);
        Shapes.require("selective_scan", "b", tokens * state, b.length);
        Shapes.require("selective_scan", "c", tokens * state, c.length);
        Shapes.require("selective_scan", "d", channels, d.length);
    }
}
