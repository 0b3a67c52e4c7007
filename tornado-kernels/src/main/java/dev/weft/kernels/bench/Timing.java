package dev.weft.kernels.bench;

import dev.weft.kernels.Executor;
import java.util.Arrays;

/** Warm-up, then the median of timed runs: PoCL compiles each kernel variant on its first launch. */
public final class Timing {
    private Timing() {
    }

    /** Median of {@code runs} calls' {@link Executor#lastSeconds()}, after one untimed call. */
    public static double median(Executor executor, int runs, Runnable call) {
        call.run();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            call.run();
            seconds[i] = executor.lastSeconds();
        }
        Arrays.sort(seconds);
        return runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
    }
}
