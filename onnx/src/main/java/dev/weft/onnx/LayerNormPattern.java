package dev.weft.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * LayerNorm as exporters before opset 17 spell it: {@code d = x - mean(x)},
 * {@code d / sqrt(mean(d^2) + eps)}, then the learned scale and shift. It becomes the zoo's
 * LayerNorm.
 */
final class LayerNormPattern implements Pattern {

    @Override
    public List<Match> find(Graph graph, Claims claims) {
        List<Match> matches = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (claims.free(node) && node.opType().equals("ReduceMean")) {
                Match match = match(graph, claims, node);
                if (match != null) {
                    claims.claim(match);
                    matches.add(match);
                }
            }
        }
        return matches;
    }

    private Match match(Graph graph, Claims claims, Node mean) {
        String x = mean.input(0);
        Value input = graph.value(x);
        if (!lastAxis(graph, mean, input.rank())) {
            return null;
        }
        Node center = graph.soleConsumer(mean.output());
        if (!is(claims, center, "Sub") || !center.input(0).equals(x)) {
            return null;
        }
        String d = center.output();
        List<Node> readers = graph.consumers(d);
        if (readers.size() != 2 || graph.outputs().contains(d)) {
            return null;
        }
        Node square = readers.stream().filter(n -> is(claims, n, "Pow") || is(claims, n, "Mul")
                && n.input(0).equals(d) && n.input(1).equals(d)).findFirst().orElse(null);
        Node divide = readers.stream().filter(n -> n != square && (is(claims, n, "Div") && n.input(0).equals(d)
                || is(claims, n, "Mul"))).findFirst().orElse(null);
        if (square == null || divide == null) {
            return null;
        }
        Node variance = graph.soleConsumer(square.output());
        if (!is(claims, variance, "ReduceMean") || !lastAxis(graph, variance, input.rank())) {
            return null;
        }
        Node epsilon = graph.soleConsumer(variance.output());
        Node root = epsilon == null ? null : graph.soleConsumer(epsilon.output());
        if (!is(claims, epsilon, "Add") || !is(claims, root, "Sqrt")) {
            return null;
        }
        List<Node> nodes = new ArrayList<>(List.of(mean, center, square, variance, epsilon, root));
        Node reciprocal = graph.soleConsumer(root.output());
        if (divide.opType().equals("Mul")) {
            if (!is(claims, reciprocal, "Reciprocal") || !divide.inputs().contains(reciprocal.output())) {
                return null;
            }
            nodes.add(reciprocal);
        } else if (reciprocal != divide) {
            return null;
        }
        nodes.add(divide);
        String value = divide.output();
        Weight gamma = null;
        Weight beta = null;
        Node scale = graph.soleConsumer(value);
        if (is(claims, scale, "Mul") && graph.isWeight(LinearPattern.other(scale, value))) {
            gamma = graph.weight(LinearPattern.other(scale, value));
            nodes.add(scale);
            value = scale.output();
        }
        Node shift = graph.soleConsumer(value);
        if (is(claims, shift, "Add") && graph.isWeight(LinearPattern.other(shift, value))) {
            beta = graph.weight(LinearPattern.other(shift, value));
            nodes.add(shift);
            value = shift.output();
        }
        Weight g = gamma;
        Weight b = beta;
        long cols = input.cols();
        long rows = input.rows();
        return new Match(mean, nodes, List.of(x), List.of(value), e -> e.layerNorm(mean, rows, cols, g, b));
    }

    private static boolean is(Claims claims, Node node, String opType) {
        return node != null && claims.free(node) && node.opType().equals(opType);
    }

    /** Reduced over the last axis only (axes an attribute, or an input from opset 18). */
    private static boolean lastAxis(Graph graph, Node reduce, int rank) {
        long[] axes = reduce.longsAttr("axes");
        if (axes == null && reduce.hasInput(1) && graph.isKnown(reduce.input(1))) {
            axes = Shapes.longs(graph.value(reduce.input(1)));
        }
        return axes != null && axes.length == 1 && Shapes.axis(axes[0], rank) == rank - 1;
    }
}
