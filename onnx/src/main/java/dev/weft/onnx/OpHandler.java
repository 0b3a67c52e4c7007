package dev.weft.onnx;

import java.util.List;

/**
 * What the importer knows about one ONNX operator type: how its outputs follow from its
 * inputs (shape, and the values themselves when all inputs are known), and what it costs
 * when no pattern has claimed it. Registered by op type in {@link OpRegistry}.
 */
interface OpHandler {

    /**
     * The node's outputs, one per output name.
     *
     * @param in the node's inputs in order; {@code null} where an optional input is omitted
     */
    List<Value> infer(Node node, List<Value> in, Graph graph);

    /** The node's cost; layout-only operators cost nothing and pass their inputs on. */
    default Match plan(Node node, Graph graph) {
        return Match.of(node, Match.NOTHING);
    }
}
