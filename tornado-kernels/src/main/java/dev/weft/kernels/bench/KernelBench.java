package dev.weft.kernels.bench;

import dev.weft.kernels.AttentionShape;
import dev.weft.kernels.BinaryAttentionShape;
import dev.weft.kernels.CsrMatrix;
import dev.weft.kernels.Executor;
import dev.weft.kernels.MatmulShape;
import dev.weft.kernels.NmMatrix;
import dev.weft.kernels.RandomTensors;
import dev.weft.kernels.Shapes;
import dev.weft.kernels.opencl.OpenClExecutor;
import dev.weft.kernels.reference.JavaExecutor;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel benchmark: GEMM against the Java reference and NumPy, SpMM against dense GEMM
 * of the same shape across densities, and the attention variants on one shape. Rows are
 * handed to {@code sink} as they are measured so a caller can print them at once.
 */
public final class KernelBench {
    /**
     * What to measure.
     *
     * @param gemmSizes   n of the n x n x n GEMMs
     * @param referenceUpTo largest n also timed on the Java reference (it is slow by design)
     * @param spmm        the SpMM shape: sparse m x k weight by k x n operand
     * @param densities   CSR densities; 2:4 runs once at its density 0.5
     * @param attention   heads, tokens and head size of the attention rows (non-causal)
     * @param bits        EcoFormer code length
     */
    public record Options(List<Integer> gemmSizes, int referenceUpTo, MatmulShape spmm, List<Double> densities,
                          AttentionShape attention, int bits, int runs, boolean numpy) {
        public Options {
            gemmSizes = List.copyOf(gemmSizes);
            densities = List.copyOf(densities);
            gemmSizes.forEach(n -> Shapes.positive("bench", "--sizes", n));
            gemmSizes.stream().filter(n -> n > MAX_GEMM_SIZE).findFirst().ifPresent(n -> {
                throw new dev.weft.error.WeftInputException("--sizes", null, "n = " + n + " needs three " + n + " x "
                        + n + " float matrices, more than one Java array holds", "give sizes up to " + MAX_GEMM_SIZE);
            });
            Shapes.positive("bench", "--runs", runs);
        }

        /** n x n floats must fit one Java array (at most 2^31 - 1 elements). */
        public static final int MAX_GEMM_SIZE = 32768;

        public static Options defaults() {
            return new Options(List.of(256, 512, 1024, 2048), 2048, new MatmulShape(1, 1024, 256, 1024),
                    List.of(0.05, 0.1, 0.25, 0.5, 1.0), new AttentionShape(12, 512, 512, 64, false), 16, 5, true);
        }
    }

    private KernelBench() {
    }

    public static void run(Executor device, Options options, Consumer<BenchRow> sink) {
        RandomTensors random = new RandomTensors(42);
        gemm(device, options, random, sink);
        spmm(device, options, random, sink);
        attention(device, options, random, sink);
    }

    private static void gemm(Executor device, Options options, RandomTensors random, Consumer<BenchRow> sink) {
        JavaExecutor reference = new JavaExecutor();
        for (int n : options.gemmSizes()) {
            MatmulShape shape = MatmulShape.gemm(n, n, n);
            float[] a = random.floats(n * n);
            float[] b = random.floats(n * n);
            sink.accept(new BenchRow.Gemm(n, device.name(), Timing.median(device, options.runs(),
                    () -> device.matmul(shape, null, a, b))));
            if (n <= options.referenceUpTo()) {
                // the reference takes seconds per call at the larger sizes: fewer runs, still a median
                int runs = Math.min(options.runs(), 3);
                sink.accept(new BenchRow.Gemm(n, reference.name(), Timing.median(reference, runs,
                        () -> reference.matmul(shape, null, a, b))));
            }
        }
        if (options.numpy()) {
            NumpyBaseline.gemmSeconds(options.gemmSizes(), options.runs()).ifPresent(seconds -> {
                for (int i = 0; i < seconds.size(); i++) {
                    sink.accept(new BenchRow.Gemm(options.gemmSizes().get(i), NumpyBaseline.label(), seconds.get(i)));
                }
            });
        }
    }

    private static void spmm(Executor device, Options options, RandomTensors random, Consumer<BenchRow> sink) {
        MatmulShape s = options.spmm();
        float[] b = random.floats(s.k() * s.n());
        float[] dense = random.floats(s.m() * s.k());
        double denseSeconds = Timing.median(device, options.runs(), () -> device.matmul(s, null, dense, b));
        for (double density : options.densities()) {
            CsrMatrix csr = CsrMatrix.fromDense(random.sparse(s.m(), s.k(), density), s.m(), s.k());
            double seconds = Timing.median(device, options.runs(), () -> device.spmmCsr(csr, s.n(), b));
            sink.accept(new BenchRow.Spmm("csr", density, csr.nonzeros(), s.m(), s.k(), s.n(), device.name(), seconds,
                    denseSeconds));
        }
        NmMatrix nm = NmMatrix.prune(dense, s.m(), s.k(), 2, 4);
        double seconds = Timing.median(device, options.runs(), () -> device.spmmNm(nm, s.n(), b));
        sink.accept(new BenchRow.Spmm("2:4", 0.5, nm.values().length, s.m(), s.k(), s.n(), device.name(), seconds,
                denseSeconds));
    }

    private static void attention(Executor device, Options options, RandomTensors random, Consumer<BenchRow> sink) {
        AttentionShape s = options.attention();
        int elements = s.heads() * s.keys() * s.headDim();
        float[] q = random.floats(elements);
        float[] k = random.floats(elements);
        float[] v = random.floats(elements);
        sink.accept(row("softmax fused", s, 0, device, Timing.median(device, options.runs(),
                () -> device.attention(s, q, k, v))));
        if (device instanceof OpenClExecutor opencl) {
            sink.accept(row("softmax unfused", s, 0, device, Timing.median(device, options.runs(),
                    () -> opencl.attentionUnfused(s, q, k, v))));
        }
        sink.accept(row("linear", s, 0, device, Timing.median(device, options.runs(),
                () -> device.linearAttention(s, q, k, v))));
        BinaryAttentionShape binary = new BinaryAttentionShape(s.heads(), s.queries(), s.keys(), s.headDim(),
                options.bits());
        int[] qCodes = random.codes(s.heads() * s.queries(), options.bits());
        int[] kCodes = random.codes(s.heads() * s.keys(), options.bits());
        sink.accept(row("ecoformer binary", s, options.bits(), device, Timing.median(device, options.runs(),
                () -> device.binaryAttention(binary, qCodes, kCodes, v))));
    }

    private static BenchRow row(String variant, AttentionShape s, int bits, Executor device, double seconds) {
        return new BenchRow.Attention(variant, s.heads(), s.queries(), s.headDim(), bits, device.name(), seconds);
    }
}
