package dev.weft.kernels.forward;

import dev.weft.kernels.Shapes;
import dev.weft.error.WeftInputException;
import dev.weft.kernels.RandomTensors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters by the names the workload graph gives them, read from a safetensors
 * file or drawn from a seed: each
 * tensor from its own stream (the run's seed and the tensor's name), so a tensor has the same
 * values whatever else the model holds and in whatever order it is first read. Both the
 * device and the reference read these same arrays.
 *
 * <p>Values are uniform with magnitudes bounded away from zero, around a centre, at scales
 * that keep activations of order one through many layers: a linear or convolution weight at
 * {@code 1/sqrt(fan-in)} (PyTorch's default initialisation bound), a normalisation's scale
 * at {@code 1 +- 0.1}. A weight that two operators read in transposed layouts (an output
 * head tied to the token embedding) is drawn once, in its first reader's layout.
 */
public final class ModelWeights {
    /** How a tensor's values are drawn: {@code centre +- scale}. */
    public record Init(double centre, double scale) {
        /** Per-column scales of a normalisation. */
        public static final Init NORM_SCALE = new Init(1, 0.1);
        /** Per-column shifts of a normalisation. */
        public static final Init NORM_SHIFT = new Init(0, 0.1);
        /** Embedding tables, class tokens, KV-cache entries of earlier steps: activations of order one. */
        public static final Init UNIT = new Init(0, 1);

        /** A matrix (or bias) that sums {@code fanIn} inputs. */
        public static Init fanIn(long fanIn) {
            return new Init(0, 1 / Math.sqrt(fanIn));
        }
    }

    private record Stored(float[] values, int rows, int cols) {
    }

    private final long seed;
    private final Safetensors file;
    private final Map<String, Stored> stored = new HashMap<>();
    private final Map<String, float[]> transposed = new HashMap<>();

    /** Every parameter drawn from {@code seed}. */
    public ModelWeights(long seed) {
        this(seed, null);
    }

    /**
     * Parameters read from {@code file} (each one the graph reads must be there, under the
     * graph's name for it); {@code seed} still draws the inputs.
     */
    public ModelWeights(long seed, Safetensors file) {
        this.seed = seed;
        this.file = file;
    }

    /** The {@code rows x cols} tensor {@code name}, row-major; its transpose where it was first read the other way. */
    public synchronized float[] get(String name, int rows, int cols, Init init) {
        Stored s = stored.computeIfAbsent(name, n -> file == null ? new Stored(draw(n, Math.multiplyExact(rows, cols),
                init), rows, cols) : fromFile(n, rows, cols));
        if (s.rows() == rows && s.cols() == cols) {
            return s.values();
        }
        if (s.rows() == cols && s.cols() == rows) {
            return transposed.computeIfAbsent(name, n -> Shapes.transpose(s.values(), s.rows(), s.cols()));
        }
        throw new IllegalArgumentException(name + " is read as " + rows + " x " + cols + " and as " + s.rows() + " x "
                + s.cols());
    }

    /**
     * A tensor as the file stores it, in the layout the workload graph gives it: a linear
     * weight {@code [in, out]} (PyTorch's {@code [out, in]} transposed), an embedding table
     * {@code [vocab, width]}, a convolution {@code [out, in, kh, kw]}, a vector as its one
     * dimension.
     */
    private Stored fromFile(String name, int rows, int cols) {
        Safetensors.Entry entry = file.entries().get(name);
        if (entry == null) {
            throw new WeftInputException(file.file().toString(), name, "is missing; the model reads it as " + rows
                    + " x " + cols, "store every parameter under the name the workload graph gives it (the "
                    + "operator's name and .weight, .bias or .table)");
        }
        List<Long> shape = entry.shape();
        boolean fits = rows == 1 ? entry.elements() == cols && shape.size() <= 2
                : shape.size() >= 2 && shape.get(0) == rows && entry.elements() == (long) rows * cols;
        if (!fits) {
            throw new WeftInputException(file.file().toString(), name, "has shape " + shape + ", the model reads "
                    + (rows == 1 ? "[" + cols + "]" : "[" + rows + ", " + cols + "]"), "store the weights of the "
                    + "model and sizes given to weft run, linear weights as [in, out]");
        }
        return new Stored(file.read(name), rows, cols);
    }

    /** Seeded values under {@code name} that are not parameters (inputs, earlier steps' cache). */
    public float[] draw(String name, int elements, Init init) {
        float[] values = new RandomTensors(seed * 1_000_003L + name.hashCode()).floats(elements, init.scale());
        if (init.centre() != 0) {
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) init.centre();
            }
        }
        return values;
    }
}
