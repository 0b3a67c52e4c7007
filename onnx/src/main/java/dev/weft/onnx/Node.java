package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One node of the ONNX graph, in file (topological) order.
 *
 * @param index position in the graph: operators are emitted in this order
 * @param inputs input value names; an omitted optional input is the empty string
 */
record Node(int index, String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, OnnxMl.AttributeProto> attributes) {

    static Node of(int index, OnnxMl.NodeProto proto) {
        return new Node(index, proto.getName(), proto.getOpType(), proto.getDomain(), List.copyOf(proto.getInputList()),
                List.copyOf(proto.getOutputList()), proto.getAttributeList().stream()
                .collect(Collectors.toMap(OnnxMl.AttributeProto::getName, Function.identity(), (a, b) -> b)));
    }

    String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    String output() {
        return outputs.get(0);
    }

    long longAttr(String attribute, long fallback) {
        OnnxMl.AttributeProto a = attributes.get(attribute);
        return a == null ? fallback : a.getI();
    }

    /** An integer-list attribute, or {@code null} when absent. */
    long[] longsAttr(String attribute) {
        OnnxMl.AttributeProto a = attributes.get(attribute);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    OnnxMl.AttributeProto attr(String attribute) {
        return attributes.get(attribute);
    }

    /** How errors name the node: its name where the file gives one, else its position. */
    String label() {
        return name.isEmpty() ? "#" + index + " (" + opType + ")" : name;
    }
}
