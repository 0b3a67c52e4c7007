package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import dev.weft.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds the graph's dynamic axes to the workload's sizes and walks the nodes in order,
 * recording every value's shape (and its elements, where known). The file's
 * {@code value_info} gives an output's shape where it is fully bound; the handlers infer the
 * rest.
 */
final class ShapeInference {
    private final Graph graph;
    private final WorkloadSpec spec;
    private final UnknownOps unknownOps;
    private final Map<String, Long> symbols = new HashMap<>();
    private final Map<String, OnnxMl.ValueInfoProto> declared = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long seq = -1;
    private long image = -1;
    private boolean vision;

    ShapeInference(Graph graph, WorkloadSpec spec, UnknownOps unknownOps) {
        this.graph = graph;
        this.spec = spec;
        this.unknownOps = unknownOps;
    }

    List<String> warnings() {
        return warnings;
    }

    /** Whether an input is an image batch (N, C, H, W of floats). */
    boolean vision() {
        return vision;
    }

    /** The sequence length the graph was built for: the bound one, or the file's fixed one. */
    long seq() {
        return seq;
    }

    long image() {
        return image;
    }

    void run() {
        OnnxMl.GraphProto proto = graph.file().graph();
        proto.getValueInfoList().forEach(v -> declared.put(v.getName(), v));
        proto.getOutputList().forEach(v -> declared.put(v.getName(), v));
        Map<String, String> aliases = TiedWeights.find(graph);
        for (OnnxMl.TensorProto t : proto.getInitializerList()) {
            graph.put(t.getName(), initializer(t, aliases.getOrDefault(t.getName(), t.getName())));
        }
        for (OnnxMl.ValueInfoProto input : proto.getInputList()) {
            if (!graph.initializers().containsKey(input.getName())) {
                int type = input.getType().getTensorType().getElemType();
                graph.put(input.getName(), Value.activation(bind(input), type));
            }
        }
        for (Node node : graph.nodes()) {
            infer(node);
        }
    }

    /**
     * Floating-point tensors and int8 tensors behind a DequantizeLinear are learned weights
     * (their elements are not needed); integer tensors and scalars are constants the shape
     * arithmetic may need.
     */
    private Value initializer(OnnxMl.TensorProto t, String canonical) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int type = t.getDataType();
        long elements = Shapes.product(shape, 0, shape.length);
        boolean quantized = graph.consumers(t.getName()).stream()
                .anyMatch(n -> n.opType().equals("DequantizeLinear") && n.input(0).equals(t.getName()));
        boolean learned = elements > 1 && (!ElementType.isInteger(type) || quantized
                || type == ElementType.INT8 || type == ElementType.UINT8);
        if (learned) {
            return new Value(shape, type, null, new Weight(canonical, ElementType.dtype(type, DType.FP32)));
        }
        return Value.constant(shape, type, graph.file().data(t));
    }

    private void infer(Node node) {
        OpHandler handler = OpRegistry.handler(node);
        List<Value> in = new ArrayList<>();
        for (String name : node.inputs()) {
            Value v = graph.value(name);
            if (v == null && !name.isEmpty()) {
                throw new WeftInputException(graph.file().path().toString(), "node '" + node.label() + "'",
                        "reads '" + name + "', which no earlier node produces", "check the graph with onnx.checker");
            }
            in.add(v);
        }
        List<Value> out;
        if (handler == null) {
            if (unknownOps == UnknownOps.ERROR) {
                throw new WeftInputException(graph.file().path().toString(), "node '" + node.label() + "'",
                        "op type " + OpRegistry.qualified(node) + " is not known to Weft",
                        "use --unknown-ops vector to cost it as element-wise work, or export without it");
            }
            // an element-wise guess: the declared shape where the file has one, else the first input's
            out = new ArrayList<>();
            for (String name : node.outputs()) {
                long[] shape = declaredShape(name);
                Value first = in.isEmpty() ? null : in.get(0);
                if (shape == null && first == null) {
                    throw new WeftInputException(graph.file().path().toString(), "node '" + node.label() + "'",
                            "op type " + OpRegistry.qualified(node) + " is not known to Weft and its output "
                                    + "shape is not declared",
                            "export with shape information (value_info), or without the operator");
                }
                out.add(Value.activation(shape != null ? shape : first.shape(),
                        first != null ? first.type() : ElementType.FLOAT));
            }
            warnings.add("warning: node '" + node.label() + "' has op type " + OpRegistry.qualified(node)
                    + ", unknown to Weft: costed as one addition per output element (--unknown-ops vector)");
        } else {
            out = handler.infer(node, in, graph);
        }
        for (int i = 0; i < node.outputs().size() && i < out.size(); i++) {
            String name = node.outputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            Value v = out.get(i);
            long[] shape = v.known() ? null : declaredShape(name);
            graph.put(name, shape != null ? v.withShape(shape) : v);
        }
    }

    /** The file's shape for a value, when every dimension is fixed or bound; else {@code null}. */
    private long[] declaredShape(String name) {
        OnnxMl.ValueInfoProto info = declared.get(name);
        if (info == null || !info.getType().getTensorType().hasShape()) {
            return null;
        }
        List<OnnxMl.TensorShapeProto.Dimension> dims = info.getType().getTensorType().getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            OnnxMl.TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                shape[i] = d.getDimValue();
            } else if (d.hasDimParam() && symbols.containsKey(d.getDimParam())) {
                shape[i] = symbols.get(d.getDimParam());
            } else {
                return null;
            }
        }
        return shape;
    }

    /** What a dynamic axis stands for. */
    private enum Role { BATCH, SEQ, IMAGE }

    private long[] bind(OnnxMl.ValueInfoProto input) {
        List<OnnxMl.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        int rank = dims.size();
        int type = input.getType().getTensorType().getElemType();
        boolean image = rank == 4 && !ElementType.isInteger(type);
        vision |= image;
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            OnnxMl.TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                shape[i] = d.getDimValue();
                if (image && i >= 2 && spec.image() > 0 && spec.image() != shape[i]) {
                    throw new WeftInputException("--image", null, spec.image() + " pixels, but input '"
                            + input.getName() + "' of " + graph.file().path().getFileName() + " takes fixed "
                            + shape[i] + "-pixel images", "drop --image, or export with dynamic height and width");
                }
            } else {
                String symbol = d.hasDimParam() ? d.getDimParam() : "";
                Long bound = symbols.get(symbol);
                shape[i] = bound != null ? bound : size(input.getName(), i, symbol, role(symbol, i, rank, image));
                if (!symbol.isEmpty()) {
                    symbols.put(symbol, shape[i]);
                }
            }
            if (image && i >= 2) {
                this.image = shape[i];
            } else if (!image && i == 1 && rank <= 3 && ElementType.isInteger(type)) {
                seq = shape[i];
            }
        }
        return shape;
    }

    /** By the axis's name where the exporter gave one that says, else by its position (N,S or N,C,H,W). */
    private Role role(String symbol, int axis, int rank, boolean image) {
        String s = symbol.toLowerCase(Locale.ROOT);
        if (s.contains("batch")) {
            return Role.BATCH;
        }
        if (s.contains("seq") || s.contains("token") || s.contains("len")) {
            return Role.SEQ;
        }
        if (s.contains("height") || s.contains("width") || s.contains("image")) {
            return Role.IMAGE;
        }
        if (axis == 0) {
            return Role.BATCH;
        }
        if (image && axis >= 2) {
            return Role.IMAGE;
        }
        return !image && axis == 1 ? Role.SEQ : null;
    }

    private long size(String input, int axis, String symbol, Role role) {
        String axisName = "input '" + input + "' axis " + axis + (symbol.isEmpty() ? "" : " ('" + symbol + "')");
        if (role == null) {
            throw new WeftInputException(graph.file().path().toString(), axisName, "is dynamic and is neither the "
                    + "batch, the sequence nor the image size", "export it with a fixed size");
        }
        return switch (role) {
            case BATCH -> spec.batch();
            case SEQ -> spec.seq();
            case IMAGE -> {
                if (spec.image() <= 0) {
                    throw new WeftInputException("--image", null, "needed: " + axisName + " of "
                            + graph.file().path().getFileName() + " is a dynamic image size",
                            "give --image N (pixels)");
                }
                yield spec.image();
            }
        };
    }
}
