package dev.weft.onnx;

/** Which nodes a pattern has already accounted for; a node belongs to one match at most. */
final class Claims {
    private final Graph graph;
    private final boolean[] claimed;

    Claims(Graph graph) {
        this.graph = graph;
        this.claimed = new boolean[graph.nodes().size()];
    }

    /** Neither claimed nor folded away as shape arithmetic. */
    boolean free(Node node) {
        return node != null && !claimed[node.index()] && !graph.folded(node);
    }

    void claim(Match match) {
        match.nodes().forEach(n -> claimed[n.index()] = true);
    }
}
