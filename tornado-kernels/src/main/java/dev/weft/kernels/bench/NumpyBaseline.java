package dev.weft.kernels.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick for GEMM: NumPy's {@code float32} matmul, which on Debian calls OpenBLAS's
 * sgemm, timed the same way (warm-up, median). Optional: absent when python3 or NumPy is.
 */
public final class NumpyBaseline {
    private static final String SCRIPT = String.join("\n",
            "import sys, time, numpy as np",
            "runs = int(sys.argv[1])",
            "for n in map(int, sys.argv[2:]):",
            "    a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)",
            "    a @ b",
            "    t = []",
            "    for _ in range(runs):",
            "        s = time.perf_counter(); a @ b; t.append(time.perf_counter() - s)",
            "    t.sort(); print(n, t[len(t) // 2])");

    private NumpyBaseline() {
    }

    /** Median seconds of an n x n sgemm for each size, or empty if NumPy cannot be run. */
    public static Optional<List<Double>> gemmSeconds(List<Integer> sizes, int runs) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", SCRIPT, Integer.toString(runs)));
        sizes.forEach(n -> command.add(Integer.toString(n)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                return Optional.empty();
            }
            List<Double> seconds = new ArrayList<>();
            for (String line : output.strip().split("\n")) {
                seconds.add(Double.parseDouble(line.trim().split(" ")[1]));
            }
            return seconds.size() == sizes.size() ? Optional.of(seconds) : Optional.empty();
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static String label() {
        return "numpy-openblas";
    }
}
