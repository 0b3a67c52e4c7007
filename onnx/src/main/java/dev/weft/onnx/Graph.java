package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX graph as the importer walks it: nodes in file order, who produces and who reads
 * each value, and (after {@link ShapeInference}) what is known about every value.
 */
final class Graph {
    private final OnnxFile file;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Set<String> outputs = new LinkedHashSet<>();
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();

    Graph(OnnxFile file) {
        this.file = file;
        OnnxMl.GraphProto graph = file.graph();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (int i = 0; i < graph.getNodeCount(); i++) {
            Node node = Node.of(i, graph.getNode(i));
            nodes.add(node);
            node.outputs().forEach(o -> producers.put(o, node));
            node.inputs().stream().filter(in -> !in.isEmpty())
                    .forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node));
        }
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
    }

    OnnxFile file() {
        return file;
    }

    /** The version of the default ONNX operator set the file was exported with. */
    long opset() {
        return file.opset();
    }

    List<Node> nodes() {
        return nodes;
    }

    Map<String, OnnxMl.TensorProto> initializers() {
        return initializers;
    }

    Set<String> outputs() {
        return outputs;
    }

    Node producer(String value) {
        return producers.get(value);
    }

    List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** The one node that reads {@code value}, or {@code null} when several do or it is a graph output. */
    Node soleConsumer(String value) {
        List<Node> readers = consumers(value);
        return readers.size() == 1 && !outputs.contains(value) ? readers.get(0) : null;
    }

    Value value(String name) {
        return name.isEmpty() ? null : values.get(name);
    }

    void put(String name, Value value) {
        values.put(name, value);
    }

    Weight weight(String name) {
        Value v = value(name);
        return v == null ? null : v.weight();
    }

    boolean isWeight(String name) {
        return weight(name) != null;
    }

    boolean isKnown(String name) {
        Value v = value(name);
        return v != null && v.known();
    }

    /** An activation: computed from the inputs, neither a learned tensor nor a constant. */
    boolean isActivation(String name) {
        Value v = value(name);
        return v != null && !v.known() && v.weight() == null;
    }

    /** Whether every output of the node is known at import time: shape arithmetic that costs nothing. */
    boolean folded(Node node) {
        return node.outputs().stream().filter(o -> !o.isEmpty()).allMatch(this::isKnown);
    }

    /** Whether an initializer is read as an embedding table (a tied output head then stays dense). */
    boolean isGathered(String initializer) {
        return nodes.stream().anyMatch(n -> n.opType().equals("Gather")
                && initializer.equals(n.hasInput(0) && isWeight(n.input(0)) ? weight(n.input(0)).initializer() : null));
    }
}
