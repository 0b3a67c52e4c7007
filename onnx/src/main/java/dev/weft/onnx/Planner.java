package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what every node costs: patterns claim their nodes first, the remaining nodes are
 * costed by their handlers, and only matches whose results are used (by a graph output,
 * through the inputs of used matches) are emitted. That last step is what makes an absorbed
 * attention mask, or the scale of a quantised product, cost nothing.
 */
final class Planner {
    private Planner() {
    }

    static void plan(Graph graph, Emitter out) {
        Claims claims = new Claims(graph);
        List<Match> matches = new ArrayList<>();
        for (Pattern pattern : Pattern.ALL) {
            matches.addAll(pattern.find(graph, claims));
        }
        for (Node node : graph.nodes()) {
            if (claims.free(node)) {
                OpHandler handler = OpRegistry.handler(node);
                matches.add(handler != null ? handler.plan(node, graph) : unknown(graph, node));
            }
        }
        matches.sort(Comparator.comparingInt((Match m) -> m.anchor().index()));
        Set<String> used = new HashSet<>(graph.outputs());
        boolean[] live = new boolean[matches.size()];
        for (int i = matches.size() - 1; i >= 0; i--) {
            Match m = matches.get(i);
            if (m.outputs().stream().anyMatch(used::contains)) {
                live[i] = true;
                used.addAll(m.inputs());
            }
        }
        for (int i = 0; i < matches.size(); i++) {
            if (live[i]) {
                out.begin(matches.get(i));
                matches.get(i).emission().emit(out);
                out.end();
            }
        }
    }

    /** Allowed only under {@code --unknown-ops vector}: inference has refused it otherwise. */
    private static Match unknown(Graph graph, Node node) {
        Value result = graph.value(node.output());
        return Match.of(node, e -> e.vector(node, "unknown:" + node.opType(), result.rows(), result.cols(), 0, 1, 0,
                List.of()));
    }
}
