package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A learned table added to activations: position and token-type embeddings
 * ({@code Add(x, Gather(table, ids))}) and ViT's position parameter ({@code Add(x, table)}).
 * It becomes the zoo's learned add, which costs one addition per element and owns the whole
 * table as parameters. Where both operands are table lookups (word plus token type), the one
 * indexed by computed positions rather than by the input ids is the one added (the smaller
 * table when both are), and the other stays the embedding lookup.
 */
final class LearnedAddPattern implements Pattern {

    /** A table operand: the weight, its rows, and the Gather that reads it (null for a plain parameter). */
    private record Table(Weight weight, long rows, Node gather) {
        /** Whether this table rather than {@code other} is the added one. */
        boolean addedBefore(Table other, Graph graph) {
            boolean positional = gather == null || graph.isKnown(gather.input(1));
            boolean otherPositional = other.gather == null || graph.isKnown(other.gather.input(1));
            return positional != otherPositional ? positional : rows < other.rows;
        }
    }

    @Override
    public List<Match> find(Graph graph, Claims claims) {
        List<Match> matches = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (!claims.free(node) || !node.opType().equals("Add") || node.inputs().size() != 2) {
                continue;
            }
            Value out = graph.value(node.output());
            Table left = table(graph, claims, node, node.input(0), out.cols());
            Table right = table(graph, claims, node, node.input(1), out.cols());
            Table table = left == null ? right : right == null || left.addedBefore(right, graph) ? left : right;
            if (table == null) {
                continue;
            }
            String other = table == left ? node.input(1) : node.input(0);
            if (!graph.isActivation(other) || !Arrays.equals(graph.value(other).shape(), out.shape())) {
                continue;
            }
            List<Node> nodes = table.gather() == null ? List.of(node) : List.of(table.gather(), node);
            Match match = new Match(node, nodes, List.of(other), List.of(node.output()),
                    e -> e.addLearned(node, out.rows(), out.cols(), table.rows(), table.weight()));
            claims.claim(match);
            matches.add(match);
        }
        return matches;
    }

    private static Table table(Graph graph, Claims claims, Node add, String operand, long cols) {
        Value v = graph.value(operand);
        if (v.weight() != null && v.rank() >= 2 && v.cols() == cols) {
            return new Table(v.weight(), v.elements() / cols, null);
        }
        Node gather = graph.producer(operand);
        if (gather == null || !claims.free(gather) || !gather.opType().equals("Gather")
                || graph.soleConsumer(operand) != add || gather.longAttr("axis", 0) != 0) {
            return null;
        }
        Value table = graph.value(gather.input(0));
        if (table.weight() == null || table.rank() != 2 || table.cols() != cols) {
            return null;
        }
        return new Table(table.weight(), table.shape()[0], gather);
    }
}
