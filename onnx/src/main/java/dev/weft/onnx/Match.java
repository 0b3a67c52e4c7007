package dev.weft.onnx;

import java.util.List;

/**
 * Nodes that become Weft operators together (or none, for layout-only nodes).
 *
 * @param anchor  the node whose position orders the emitted operators
 * @param nodes   every node the match accounts for
 * @param inputs  the values the operators really read; a value only absorbed (an attention
 *                mask, a quantisation scale) is left out, so that what computes it costs nothing
 * @param outputs the values the match produces for the rest of the graph
 */
record Match(Node anchor, List<Node> nodes, List<String> inputs, List<String> outputs, Emission emission) {

    /** What a match adds to the workload. */
    @FunctionalInterface
    interface Emission {
        void emit(Emitter out);
    }

    static final Emission NOTHING = out -> { };

    /** A single node, reading all its inputs. */
    static Match of(Node node, Emission emission) {
        return new Match(node, List.of(node), node.inputs().stream().filter(i -> !i.isEmpty()).toList(),
                node.outputs(), emission);
    }
}
