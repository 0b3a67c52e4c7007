package dev.weft.onnx;

import java.util.List;

/** LayerNormalization (opset 17): normalises the axes from {@code axis} on, counted as the zoo's LayerNorm. */
final class LayerNormalization implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value x = in.get(0);
        int axis = Shapes.axis(node.longAttr("axis", -1), x.rank());
        long[] stats = x.shape().clone();
        for (int i = axis; i < stats.length; i++) {
            stats[i] = 1;
        }
        return List.of(Value.activation(x.shape(), x.type()), Value.activation(stats, ElementType.FLOAT),
                Value.activation(stats, ElementType.FLOAT)).subList(0, node.outputs().size());
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value x = graph.value(node.input(0));
        int axis = Shapes.axis(node.longAttr("axis", -1), x.rank());
        long cols = Shapes.product(x.shape(), axis, x.rank());
        Weight gamma = graph.weight(node.input(1));
        Weight beta = node.hasInput(2) ? graph.weight(node.input(2)) : null;
        return new Match(node, List.of(node), List.of(node.input(0)), node.outputs(),
                e -> e.layerNorm(node, x.elements() / cols, cols, gamma, beta));
    }
}
