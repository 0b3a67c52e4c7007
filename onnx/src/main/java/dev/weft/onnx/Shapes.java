package dev.weft.onnx;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/** Shape arithmetic shared by the operator handlers: broadcasting, axes, strides. */
final class Shapes {
    private Shapes() {
    }

    static long product(long[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** NumPy broadcasting of two shapes; {@code null} when they do not broadcast. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    /** The element of {@code data} (of {@code shape}) that broadcasts to flat position {@code flat} of {@code out}. */
    static int broadcastIndex(long flat, long[] out, long[] shape) {
        long[] outStrides = strides(out);
        long[] inStrides = strides(shape);
        int offset = out.length - shape.length;
        long index = 0;
        for (int i = 0; i < out.length; i++) {
            long coordinate = (flat / outStrides[i]) % out[i];
            if (i >= offset && shape[i - offset] != 1) {
                index += coordinate * inStrides[i - offset];
            }
        }
        return (int) index;
    }

    /** Element-wise combination with broadcasting; {@code null} data when either side is unknown. */
    static double[] combine(long[] out, Value a, Value b, DoubleBinaryOperator op) {
        if (!a.known() || !b.known() || Shapes.product(out, 0, out.length) > Value.FOLD_LIMIT) {
            return null;
        }
        int n = (int) product(out, 0, out.length);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = op.applyAsDouble(a.data()[broadcastIndex(i, out, a.shape())],
                    b.data()[broadcastIndex(i, out, b.shape())]);
        }
        return r;
    }

    /** Rounds results to the integer an integer tensor holds (ONNX integer division truncates). */
    static double[] ofType(double[] data, int type) {
        if (data == null || !ElementType.isInteger(type)) {
            return data;
        }
        double[] r = new double[data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = type == ElementType.BOOL ? (data[i] != 0 ? 1 : 0) : (double) (long) data[i];
        }
        return r;
    }

    static long[] longs(Value v) {
        return Arrays.stream(v.data()).mapToLong(d -> (long) d).toArray();
    }

    static WeftInputException unsupported(Graph graph, Node node, String problem, String fix) {
        return new WeftInputException(graph.file().path().toString(), "node '" + node.label() + "'",
                "op type " + node.opType() + ": " + problem, fix);
    }

    /**
     * Shapes that do not fit together. In a file that passes onnx.checker this means the bound
     * sizes exceed what the graph was exported for (a sequence longer than its position table).
     */
    static WeftInputException mismatch(Graph graph, Node node, String problem) {
        return unsupported(graph, node, problem, "give --seq and --image within what the model was exported for "
                + "(its position table, its image size)");
    }

    /** An input the node needs to know at import time (a shape, axes, a slice bound). */
    static long[] knownInput(Graph graph, Node node, Value value, String what) {
        if (value == null || !value.known()) {
            throw unsupported(graph, node, what + " is not known at import time",
                    "export with dynamic axes only on batch, sequence and image size (torch.onnx.export dynamic_axes)");
        }
        return longs(value);
    }
}
