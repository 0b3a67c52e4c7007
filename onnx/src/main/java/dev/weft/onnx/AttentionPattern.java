package dev.weft.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The attention core as exporters write it: {@code MatMul(Q, K^T)}, then scaling, masking
 * and type conversions, {@code Softmax} over the keys, {@code MatMul(P, V)}. It becomes the
 * zoo's attention operators through {@code AttentionLowering}, so {@code --attention}
 * variants apply to imported models too. The mask and the scale are absorbed: the zoo does
 * not cost them, and what computes the mask then costs nothing either. A scale applied to Q
 * or K before the product (as some exporters place it) is absorbed likewise.
 */
final class AttentionPattern implements Pattern {
    private static final Set<String> BEFORE_SOFTMAX = Set.of("Div", "Mul", "Add", "Sub", "Where", "Cast", "Identity");
    private static final Set<String> AFTER_SOFTMAX = Set.of("Cast", "Identity", "Dropout");
    private static final Set<String> VIEWS = Set.of("Reshape", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Cast");

    @Override
    public List<Match> find(Graph graph, Claims claims) {
        List<Match> matches = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (claims.free(node) && node.opType().equals("MatMul")) {
                Match match = match(graph, claims, node);
                if (match != null) {
                    claims.claim(match);
                    matches.add(match);
                }
            }
        }
        return matches;
    }

    /**
     * The operand before a scaling by a known scalar that only the product reads, through the
     * reshapes and transposes that split heads; the scaling and those views join the match.
     */
    private static String unscaled(Graph graph, Claims claims, String operand, List<Node> nodes) {
        List<Node> views = new ArrayList<>();
        String value = operand;
        Node producer = graph.producer(value);
        while (producer != null && claims.free(producer) && VIEWS.contains(producer.opType())
                && graph.soleConsumer(value) != null) {
            views.add(producer);
            value = producer.input(0);
            producer = graph.producer(value);
        }
        if (producer == null || !claims.free(producer) || graph.soleConsumer(value) == null) {
            return operand;
        }
        boolean mul = producer.opType().equals("Mul");
        if (!mul && !producer.opType().equals("Div")) {
            return operand;
        }
        String x = mul && graph.isKnown(producer.input(0)) ? producer.input(1) : producer.input(0);
        Value factor = graph.value(x.equals(producer.input(0)) ? producer.input(1) : producer.input(0));
        if (factor == null || !factor.known() || factor.elements() != 1 || !graph.isActivation(x)) {
            return operand;
        }
        nodes.addAll(views);
        nodes.add(producer);
        return x;
    }

    private Match match(Graph graph, Claims claims, Node scores) {
        if (!graph.isActivation(scores.input(0)) || !graph.isActivation(scores.input(1))) {
            return null;
        }
        List<Node> nodes = new ArrayList<>(List.of(scores));
        String value = scores.output();
        Node next = graph.soleConsumer(value);
        while (next != null && claims.free(next) && BEFORE_SOFTMAX.contains(next.opType())
                && (next.opType().equals("Where") ? next.input(1).equals(value) : next.inputs().contains(value))) {
            nodes.add(next);
            value = next.output();
            next = graph.soleConsumer(value);
        }
        Value scoreShape = graph.value(value);
        if (next == null || !claims.free(next) || !next.opType().equals("Softmax")
                || Shapes.axis(next.longAttr("axis", -1), scoreShape.rank()) != scoreShape.rank() - 1) {
            return null;
        }
        nodes.add(next);
        value = next.output();
        next = graph.soleConsumer(value);
        while (next != null && claims.free(next) && AFTER_SOFTMAX.contains(next.opType())) {
            nodes.add(next);
            value = next.output();
            next = graph.soleConsumer(value);
        }
        if (next == null || !claims.free(next) || !next.opType().equals("MatMul") || !next.input(0).equals(value)
                || !graph.isActivation(next.input(1))) {
            return null;
        }
        Node context = next;
        nodes.add(context);
        String query = unscaled(graph, claims, scores.input(0), nodes);
        String key = unscaled(graph, claims, scores.input(1), nodes);
        Value q = graph.value(scores.input(0));
        Value s = graph.value(scores.output());
        Value v = graph.value(context.input(1));
        long headDim = q.dim(-1);
        if (s.rank() < 2 || v.rank() < 2 || v.dim(-1) != headDim) {
            return null;
        }
        long queries = s.dim(-2);
        long keys = s.dim(-1);
        long heads = s.rank() >= 4 ? s.dim(-3) : 1;
        long batch = s.elements() / (heads * queries * keys);
        return new Match(scores, nodes, List.of(query, key, context.input(1)),
                List.of(context.output()), e -> e.attention(scores, batch, heads, queries, keys, headDim));
    }
}
