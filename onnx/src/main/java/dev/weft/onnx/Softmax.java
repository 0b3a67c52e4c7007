package dev.weft.onnx;

import java.util.List;

/** Softmax (and LogSoftmax) over rows, counted as the zoo's softmax. */
final class Softmax implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        return List.of(Value.activation(in.get(0).shape(), in.get(0).type()));
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value x = graph.value(node.input(0));
        // from opset 13 a softmax normalises one axis (default the last); before, everything from the axis (default 1)
        boolean oneAxis = graph.opset() >= 13;
        int axis = Shapes.axis(node.longAttr("axis", oneAxis ? -1 : 1), x.rank());
        long cols = oneAxis ? x.shape()[axis] : Shapes.product(x.shape(), axis, x.rank());
        long rows = x.elements() / cols;
        return Match.of(node, e -> e.softmax(node, rows, cols));
    }
}
