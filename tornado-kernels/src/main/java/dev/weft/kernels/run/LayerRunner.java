package dev.weft.kernels.run;

import dev.weft.kernels.Shapes;
import dev.weft.kernels.CsrMatrix;
import dev.weft.kernels.Executor;
import dev.weft.kernels.MatmulShape;
import dev.weft.kernels.NmMatrix;
import dev.weft.kernels.Pointwise;
import dev.weft.kernels.RandomTensors;
import dev.weft.kernels.ScanShape;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Executes single operators of a workload graph on a device and on the reference, with
 * random operands of the operator's shapes (seeded by the run's seed and the layer's name,
 * so a layer gets the same operands in every run), and compares the two: each kernel at the
 * model's shapes. {@code weft run} uses it for models that {@link
 * dev.weft.kernels.forward.ForwardPass} cannot execute as a whole.
 */
public final class LayerRunner {
    /**
     * Largest error, relative to the reference's largest magnitude, an fp32 kernel may show.
     * The kernels compute in fp32 whatever dtype the estimate prices; sums of a few thousand
     * fp32 products in another order differ from the double-precision reference by ~1e-6.
     */
    public static final double FP32_BOUND = 1e-4;

    /** One executed layer: the device's median time and its error against the reference. */
    public record Check(String layer, String op, String kernel, double measuredS, double relativeError) {
        public boolean passed() {
            return relativeError <= FP32_BOUND;
        }
    }

    private final Executor device;
    private final Executor reference;
    private final long seed;
    private final int runs;

    public LayerRunner(Executor device, Executor reference, long seed, int runs) {
        this.device = device;
        this.reference = reference;
        this.seed = seed;
        this.runs = runs;
    }

    /**
     * Runs {@code op} with GEMM work-group tile {@code tile} ({@code null}: the device's
     * default); empty when no kernel implements the operator.
     */
    public Optional<Check> run(Operator op, GemmTile tile) {
        RandomTensors random = new RandomTensors(seed * 1_000_003L + op.name().hashCode());
        if (op.compute() instanceof Compute.Mac && op.op().equals("linear")) {
            return Optional.of(linear(op, tile, random));
        }
        if (op.compute() instanceof Compute.Mac && hasDims(op, "B", "H", "M", "N", "K")) {
            int batch = dim(op, "B") * dim(op, "H");
            MatmulShape shape = new MatmulShape(batch, dim(op, "M"), dim(op, "N"), dim(op, "K"));
            float[] a = random.floats(batch * shape.m() * shape.k());
            float[] b = random.floats(batch * shape.k() * shape.n());
            return Optional.of(check(op, "batched matmul", () -> device.matmul(shape, tile, a, b),
                    reference.matmul(shape, tile, a, b)));
        }
        if (!(op.compute() instanceof Compute.Vector)) {
            return Optional.empty();
        }
        switch (op.op()) {
            case "softmax": {
                int rows = dim(op, "M");
                int cols = dim(op, "N");
                float[] x = random.floats(rows * cols, 4);
                return Optional.of(check(op, "softmax", () -> device.softmax(rows, cols, x),
                        reference.softmax(rows, cols, x)));
            }
            case "layernorm": {
                int rows = dim(op, "M");
                int cols = dim(op, "N");
                float[] x = random.floats(rows * cols, 3);
                float[] gamma = random.floats(cols);
                float[] beta = random.floats(cols);
                return Optional.of(check(op, "layernorm", () -> device.layerNorm(rows, cols, x, gamma, beta, 1e-5f),
                        reference.layerNorm(rows, cols, x, gamma, beta, 1e-5f)));
            }
            case "gelu": {
                float[] x = random.floats(outputElements(op), 3);
                return Optional.of(check(op, "gelu", () -> device.pointwise(Pointwise.GELU_TANH, x),
                        reference.pointwise(Pointwise.GELU_TANH, x)));
            }
            case "add": {
                float[] x = random.floats(outputElements(op));
                float[] y = random.floats(x.length);
                return Optional.of(check(op, "add", () -> device.add(x, y), reference.add(x, y)));
            }
            case "scan":
                return hasDims(op, "B", "L", "D", "S") ? Optional.of(scan(op, random)) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /**
     * {@code M x K} activations times a {@code K x N} weight. A sparse weight runs as SpMM on
     * the transposed product ({@code W^T in^T}), the sparse operand first as the kernels want.
     */
    private Check linear(Operator op, GemmTile tile, RandomTensors random) {
        int m = dim(op, "M");
        int n = dim(op, "N");
        int k = dim(op, "K");
        StorageFormat format = op.weights().stream().filter(w -> w.indexedBy("K") && w.indexedBy("N"))
                .map(TensorSpec::format).findFirst().orElse(StorageFormat.DENSE);
        float[] activations = random.floats(m * k);
        if (format instanceof StorageFormat.Csr csr) {
            CsrMatrix w = CsrMatrix.fromDense(random.sparse(n, k, csr.density()), n, k);
            float[] in = Shapes.transpose(activations, m, k);
            return check(op, "spmm csr", () -> device.spmmCsr(w, m, in), reference.spmmCsr(w, m, in));
        }
        if (format instanceof StorageFormat.NM nm) {
            NmMatrix w = NmMatrix.prune(random.floats(n * k), n, k, nm.n(), nm.m());
            float[] in = Shapes.transpose(activations, m, k);
            return check(op, "spmm " + nm.label(), () -> device.spmmNm(w, m, in), reference.spmmNm(w, m, in));
        }
        MatmulShape shape = MatmulShape.gemm(m, n, k);
        float[] w = random.floats(k * n);
        return check(op, "gemm", () -> device.matmul(shape, tile, activations, w),
                reference.matmul(shape, tile, activations, w));
    }

    private Check scan(Operator op, RandomTensors random) {
        ScanShape s = new ScanShape(dim(op, "B"), dim(op, "L"), dim(op, "D"), dim(op, "S"));
        int tokens = s.batch() * s.length();
        float[] x = random.floats(tokens * s.channels());
        // softplus keeps Mamba's step sizes positive and -exp(A_log) its decay rates negative
        float[] delta = random.uniform(tokens * s.channels(), 0.001, 0.1);
        float[] a = random.uniform(s.channels() * s.state(), -16, -1);
        float[] b = random.floats(tokens * s.state());
        float[] c = random.floats(tokens * s.state());
        float[] d = random.floats(s.channels());
        return check(op, "selective scan", () -> device.selectiveScan(s, x, delta, a, b, c, d),
                reference.selectiveScan(s, x, delta, a, b, c, d));
    }

    /** Warm-up, then the median of {@code runs} device times; the last device result is compared. */
    private Check check(Operator op, String kernel, Supplier<float[]> onDevice, float[] expected) {
        float[] actual = onDevice.get();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            actual = onDevice.get();
            seconds[i] = device.lastSeconds();
        }
        Arrays.sort(seconds);
        return new Check(op.name(), op.op(), kernel, seconds[runs / 2], relativeError(actual, expected));
    }

    /** Largest absolute difference over the reference's largest magnitude (0 when both are all zero). */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("result has " + actual.length + " elements, reference " + expected.length);
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return scale == 0 ? (worst == 0 ? 0 : Double.POSITIVE_INFINITY) : worst / scale;
    }

    private static boolean hasDims(Operator op, String... names) {
        return op.dims().size() == names.length && Arrays.stream(names).allMatch(n -> op.dimSizes().containsKey(n));
    }

    private static int dim(Operator op, String name) {
        return Math.toIntExact(op.size(name));
    }

    private static int outputElements(Operator op) {
        return Math.toIntExact(op.output().elements(op.dimSizes()));
    }
}
