package dev.weft.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** ReduceMean, ReduceSum, ReduceMax...: one addition (or comparison) per input element. */
record Reduction(String label) implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value x = in.get(0);
        long[] axes = node.longsAttr("axes");
        if (axes == null && in.size() > 1 && in.get(1) != null) {
            axes = Shapes.knownInput(graph, node, in.get(1), "its axes");
        }
        boolean keep = node.longAttr("keepdims", 1) == 1;
        boolean[] reduced = new boolean[x.rank()];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, node.longAttr("noop_with_empty_axes", 0) == 0);
        } else {
            for (long a : axes) {
                reduced[Shapes.axis(a, x.rank())] = true;
            }
        }
        long[] shape = IntStream.range(0, x.rank()).filter(i -> keep || !reduced[i])
                .mapToLong(i -> reduced[i] ? 1 : x.shape()[i]).toArray();
        return List.of(Value.activation(shape, x.type()));
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value in = graph.value(node.input(0));
        long rows = graph.value(node.output()).elements();
        return Match.of(node, e -> e.vector(node, label, rows, in.elements() / rows, 0, 1, 0, List.of()));
    }
}
