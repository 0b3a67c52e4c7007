package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GELU as exporters spell it: the erf form {@code x/2 (1 + erf(x/sqrt 2))} or the tanh form
 * {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. From the Erf or Tanh, the region
 * grows back to the one activation x it is computed from and forward through the
 * arithmetic that combines it with x and constants. It becomes the zoo's GELU; a lone tanh
 * (BERT's pooler) has no product with x and stays a tanh.
 */
final class GeluPattern implements Pattern {
    private static final Set<String> ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div", "Pow");

    @Override
    public List<Match> find(Graph graph, Claims claims) {
        List<Match> matches = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (claims.free(node) && (node.opType().equals("Erf") || node.opType().equals("Tanh"))) {
                Match match = match(graph, claims, node);
                if (match != null) {
                    claims.claim(match);
                    matches.add(match);
                }
            }
        }
        return matches;
    }

    private Match match(Graph graph, Claims claims, Node seed) {
        Set<Node> region = new LinkedHashSet<>(List.of(seed));
        Set<String> leaves = new LinkedHashSet<>();
        back(graph, claims, seed.input(0), region, leaves);
        if (leaves.size() != 1) {
            return null;
        }
        String x = leaves.iterator().next();
        String value = seed.output();
        boolean timesX = false;
        Node next = graph.soleConsumer(value);
        while (next != null && claims.free(next) && ARITHMETIC.contains(next.opType()) && !region.contains(next)) {
            String other = LinearPattern.other(next, value);
            Node side = graph.producer(other);
            boolean fromX = other.equals(x) || side != null && claims.free(side) && ARITHMETIC.contains(side.opType())
                    && side.inputs().stream().allMatch(i -> i.equals(x) || graph.isKnown(i))
                    && graph.soleConsumer(other) == next;
            if (!graph.isKnown(other) && !fromX) {
                break;
            }
            timesX |= fromX && next.opType().equals("Mul");
            if (fromX && !other.equals(x)) {
                region.add(side);
            }
            region.add(next);
            value = next.output();
            next = graph.soleConsumer(value);
        }
        if (!timesX || !internal(graph, region, value)) {
            return null;
        }
        Value shape = graph.value(x);
        Node anchor = region.stream().min(Comparator.comparingInt(Node::index)).orElseThrow();
        return new Match(seed, List.copyOf(region), List.of(x), List.of(value),
                e -> e.gelu(anchor, shape.rows(), shape.cols(), List.of()));
    }

    /** Grows the region back through arithmetic; values made by anything else are its leaves. */
    private static void back(Graph graph, Claims claims, String value, Set<Node> region, Set<String> leaves) {
        if (graph.isKnown(value)) {
            return;
        }
        Node producer = graph.producer(value);
        if (producer == null || !claims.free(producer) || !ARITHMETIC.contains(producer.opType())) {
            leaves.add(value);
            return;
        }
        if (region.add(producer)) {
            for (String input : producer.inputs()) {
                back(graph, claims, input, region, leaves);
            }
        }
    }

    /** Every value made inside the region, but its result, is read only inside it. */
    private static boolean internal(Graph graph, Set<Node> region, String result) {
        for (Node node : region) {
            for (String out : node.outputs()) {
                if (!out.equals(result) && (graph.outputs().contains(out)
                        || !region.containsAll(graph.consumers(out)))) {
                    return false;
                }
            }
        }
        return true;
    }
}
