package dev.weft.hdl;

import dev.weft.arch.SystolicTiming;
import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Runs one GEMM through a generated MAC array in Verilator and holds it to two references: the
 * outputs to a Java matrix product (int8 inputs, int32 wrap-around accumulation, bit for bit),
 * the cycle count to {@link SystolicTiming} summed over the same folds.
 */
public final class RtlCheck {
    /** Keeps the Java reference and the simulation to seconds; larger GEMMs say nothing new about the array. */
    public static final int MAX_GEMM_SIDE = 1024;

    /**
     * @param rtlCycles            first input of the first fold to last output of the last fold, inclusive
     * @param simCycles            the cycle contract's prediction for the same folds
     * @param verilatorCyclesPerS  simulated clock cycles (reset included) per second of bench wall time
     */
    public record Result(CoreSpec.MacArray array, long m, long k, long n, long folds, long rtlCycles, long simCycles,
                         boolean outputsMatch, long mismatches, double verilatorCyclesPerS, boolean compiled,
                         double buildSeconds) {
        public boolean cyclesMatch() {
            return rtlCycles == simCycles;
        }

        public boolean passed() {
            return outputsMatch && cyclesMatch();
        }
    }

    private RtlCheck() {
    }

    public static Result run(CoreSpec.MacArray array, long m, long k, long n, long seed) {
        checkGemm(m, k, n);
        Rtl rtl = Rtl.generate(array);
        VerilatorBuild.Bench bench = VerilatorBuild.bench(rtl, GemmBench.source(array));
        Random random = new Random(seed);
        byte[] a = randomInt8(random, m * k);
        byte[] b = randomInt8(random, k * n);
        int[] expected = reference(a, b, (int) m, (int) k, (int) n);
        try {
            Path work = Files.createTempDirectory("weft-rtl-check-");
            try {
                Path input = work.resolve("gemm.txt");
                Path output = work.resolve("result.txt");
                Files.writeString(input, gemmText(a, b, m, k, n), StandardCharsets.UTF_8);
                ExternalTool.Run run = ExternalTool.run(List.of(bench.executable().toString(), input.toString(),
                        output.toString()), work, work.resolve("bench.log"), 1800);
                if (!run.ok()) {
                    throw new IllegalStateException("the Verilator bench failed (exit " + run.exitCode() + "): " + run.output());
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                if (lines.size() != 3 + expected.length) {
                    throw new IllegalStateException("the Verilator bench wrote " + lines.size() + " lines, expected "
                            + (3 + expected.length) + ": " + output);
                }
                long rtlCycles = value(lines.get(0), "rtl_cycles");
                long ticks = value(lines.get(1), "ticks");
                long wallNs = value(lines.get(2), "wall_ns");
                long mismatches = 0;
                for (int x = 0; x < expected.length; x++) {
                    if (Integer.parseInt(lines.get(3 + x).strip()) != expected[x]) {
                        mismatches++;
                    }
                }
                SystolicTiming.Folds folds = SystolicTiming.folds(array.dataflow(), array.rows(), array.cols(), m, n, k);
                return new Result(array, m, k, n, folds.count(), rtlCycles,
                        folds.cycles(array.rows(), array.cols(), array.weightDoubleBuffering()),
                        mismatches == 0, mismatches,
                        ticks / Math.max(wallNs / 1e9, 1e-9), bench.compiled(), bench.buildSeconds());
            } finally {
                Firtool.deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** C = A x B with int8 operands and an int32 accumulator that wraps, as the hardware's does. */
    static int[] reference(byte[] a, byte[] b, int m, int k, int n) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int sum = 0;
                for (int x = 0; x < k; x++) {
                    sum += a[i * k + x] * b[x * n + j];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    static void checkGemm(long m, long k, long n) {
        if (m < 1 || k < 1 || n < 1 || m > MAX_GEMM_SIDE || k > MAX_GEMM_SIDE || n > MAX_GEMM_SIDE) {
            throw new WeftInputException("--gemm", null, "each of M, K, N must be 1.." + MAX_GEMM_SIDE + ", was "
                    + m + "," + k + "," + n, "give --gemm M,K,N, e.g. --gemm 16,37,16");
        }
    }

    private static byte[] randomInt8(Random random, long count) {
        byte[] values = new byte[(int) count];
        random.nextBytes(values);
        return values;
    }

    private static String gemmText(byte[] a, byte[] b, long m, long k, long n) {
        StringBuilder text = new StringBuilder().append(m).append(' ').append(k).append(' ').append(n).append('\n');
        for (byte value : a) {
            text.append(value).append('\n');
        }
        for (byte value : b) {
            text.append(value).append('\n');
        }
        return text.toString();
    }

    private static long value(String line, String key) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 2 || !parts[0].equals(key)) {
            throw new IllegalStateException("the Verilator bench wrote '" + line + "' where " + key + " was expected");
        }
        return Long.parseLong(parts[1]);
    }
}
