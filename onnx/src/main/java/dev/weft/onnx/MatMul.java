package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MatMul and its integer forms: MatMulInteger (int32 result) and QLinearMatMul (operands at
 * inputs 0 and 3). A product with a weight is claimed by {@link LinearPattern}, one between
 * attention activations by {@link AttentionPattern}; what is left is a batched product.
 *
 * @param right index of the right operand among the inputs
 */
record MatMul(int right) implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value a = in.get(0);
        Value b = in.get(right);
        long[] shape = shape(a.shape(), b.shape());
        if (shape == null) {
            throw Shapes.mismatch(graph, node, "operand shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not multiply");
        }
        int type = switch (node.opType()) {
            case "MatMulInteger" -> ElementType.INT32;
            case "QLinearMatMul" -> in.size() > 7 && in.get(7) != null ? in.get(7).type() : a.type();
            default -> a.type();
        };
        return List.of(Value.activation(shape, type));
    }

    /** NumPy matmul: a vector operand gains a unit axis, which the result then drops; leading axes broadcast. */
    static long[] shape(long[] a, long[] b) {
        long[] left = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] right = b.length == 1 ? new long[] {b[0], 1} : b;
        if (left[left.length - 1] != right[right.length - 2]) {
            return null;
        }
        long[] batch = Shapes.broadcast(Arrays.copyOf(left, left.length - 2),
                Arrays.copyOf(right, right.length - 2));
        if (batch == null) {
            return null;
        }
        List<Long> out = new ArrayList<>(Arrays.stream(batch).boxed().toList());
        if (a.length > 1) {
            out.add(left[left.length - 2]);
        }
        if (b.length > 1) {
            out.add(right[right.length - 1]);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value a = graph.value(node.input(0));
        Value out = graph.value(node.output());
        long k = a.dim(-1);
        long m = a.rank() > 1 ? a.dim(-2) : 1;
        long n = out.elements() / (Shapes.product(out.shape(), 0, Math.max(0, out.rank() - 2)) * m);
        long batch = out.elements() / (m * n);
        return Match.of(node, e -> e.batchedMatmul(node, batch, m, n, k));
    }
}
