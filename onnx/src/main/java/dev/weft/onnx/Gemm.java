package dev.weft.onnx;

import java.util.List;

/** Gemm: {@code alpha * A' B' + beta * C} on matrices; a linear layer when B is a weight ({@link LinearPattern}). */
final class Gemm implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value a = in.get(0);
        Value b = in.get(1);
        long m = node.longAttr("transA", 0) == 1 ? a.shape()[1] : a.shape()[0];
        long n = node.longAttr("transB", 0) == 1 ? b.shape()[0] : b.shape()[1];
        return List.of(Value.activation(new long[] {m, n}, a.type()));
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value a = graph.value(node.input(0));
        Value out = graph.value(node.output());
        long k = node.longAttr("transA", 0) == 1 ? a.shape()[0] : a.shape()[1];
        return Match.of(node, e -> e.batchedMatmul(node, 1, out.shape()[0], out.shape()[1], k));
    }
}
