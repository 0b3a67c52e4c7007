package dev.weft.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A product with a learned matrix, and what follows it as part of the same layer: the
 * rescaling of an integer product back to real numbers (Cast, Mul by the scales), type
 * conversions, and the bias add, which the zoo treats as preloaded into the accumulator.
 * MatMul, Gemm, MatMulInteger and QLinearMatMul all become the zoo's linear layer. ONNX
 * Runtime's fused operators carry the bias of the product before them
 * ({@code SkipLayerNormalization}, {@code BiasGelu}, {@code FastGelu}); the layer takes it
 * back, so the fused operator costs what the zoo's plain one does.
 */
final class LinearPattern implements Pattern {
    private static final Set<String> CONVERSIONS = Set.of("Cast", "Identity", "QuantizeLinear", "DequantizeLinear");
    private static final Set<String> PRODUCTS = Set.of("MatMul", "MatMulInteger", "QLinearMatMul", "Gemm");
    /** Fused operators that add the bias of the product feeding them: the input that holds it. */
    private static final Map<String, Integer> FUSED_BIAS = Map.of("com.microsoft.SkipLayerNormalization", 4,
            "com.microsoft.SkipSimplifiedLayerNormalization", 3, "com.microsoft.BiasGelu", 1,
            "com.microsoft.FastGelu", 1);

    @Override
    public List<Match> find(Graph graph, Claims claims) {
        List<Match> matches = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (!claims.free(node)) {
                continue;
            }
            Match match = switch (node.opType()) {
                case "MatMul", "MatMulInteger" -> matmul(graph, node, 1);
                case "QLinearMatMul" -> matmul(graph, node, 3);
                case "Gemm" -> gemm(graph, node);
                default -> null;
            };
            if (match != null) {
                claims.claim(match);
                matches.add(match);
            }
        }
        return matches;
    }

    private Match matmul(Graph graph, Node node, int right) {
        Weight weight = graph.weight(node.input(right));
        Value b = graph.value(node.input(right));
        Value a = graph.value(node.input(0));
        if (weight == null || b.rank() != 2 || graph.isWeight(node.input(0))) {
            return null;
        }
        long in = b.shape()[0];
        long out = b.shape()[1];
        return complete(graph, node, a.elements() / in, in, out, weight, null);
    }

    private Match gemm(Graph graph, Node node) {
        Weight weight = graph.weight(node.input(1));
        if (weight == null || graph.isWeight(node.input(0))) {
            return null;
        }
        Value a = graph.value(node.input(0));
        Value b = graph.value(node.input(1));
        boolean transB = node.longAttr("transB", 0) == 1;
        long in = transB ? b.shape()[1] : b.shape()[0];
        long out = transB ? b.shape()[0] : b.shape()[1];
        long rows = node.longAttr("transA", 0) == 1 ? a.shape()[1] : a.shape()[0];
        Weight bias = node.hasInput(2) ? graph.weight(node.input(2)) : null;
        return complete(graph, node, rows, in, out, weight, bias);
    }

    /** Follows the product through its rescaling and conversions to the bias add, if any. */
    private Match complete(Graph graph, Node product, long rows, long in, long out, Weight weight, Weight bias) {
        List<Node> nodes = new ArrayList<>(List.of(product));
        String value = product.output();
        boolean integer = ElementType.isInteger(graph.value(value).type());
        while (true) {
            Node next = graph.soleConsumer(value);
            if (next == null) {
                break;
            }
            boolean conversion = CONVERSIONS.contains(next.opType()) && next.input(0).equals(value);
            boolean rescale = integer && (next.opType().equals("Mul") || next.opType().equals("Div"))
                    && next.inputs().contains(value) && small(graph, other(next, value), out);
            boolean biasAdd = bias == null && next.opType().equals("Add") && next.inputs().contains(value)
                    && isBias(graph, other(next, value), out);
            if (!conversion && !rescale && !biasAdd) {
                if (bias == null && fusedBias(graph, next) != null && isBias(graph, fusedBias(graph, next), out)) {
                    bias = graph.weight(fusedBias(graph, next));
                }
                break;
            }
            if (biasAdd) {
                bias = graph.weight(other(next, value));
            }
            nodes.add(next);
            value = next.output();
            if (biasAdd) {
                break;
            }
        }
        Weight b = bias;
        return new Match(product, nodes, List.of(product.input(0)), List.of(value),
                e -> e.linear(product, rows, in, out, weight, b));
    }

    /** The value holding the bias a fused operator adds, or {@code null}. */
    private static String fusedBias(Graph graph, Node node) {
        Integer input = FUSED_BIAS.get(OpRegistry.qualified(node));
        return input != null && node.hasInput(input) && graph.isWeight(node.input(input)) ? node.input(input) : null;
    }

    /**
     * Whether a fused operator's bias belongs to the linear layer before it: its first input is
     * a product with a weight (through conversions and rescaling) that only it reads.
     */
    static boolean lendsBias(Graph graph, Node fused) {
        String value = fused.input(0);
        Node producer = graph.producer(value);
        while (producer != null && graph.soleConsumer(value) != null && !PRODUCTS.contains(producer.opType())
                && (CONVERSIONS.contains(producer.opType()) || producer.opType().equals("Mul")
                || producer.opType().equals("Div"))) {
            value = producer.input(0);
            producer = graph.producer(value);
        }
        return producer != null && PRODUCTS.contains(producer.opType()) && graph.soleConsumer(value) != null
                && graph.isWeight(producer.input(producer.opType().equals("QLinearMatMul") ? 3 : 1))
                && fusedBias(graph, fused) != null;
    }

    static String other(Node binary, String value) {
        return binary.input(0).equals(value) ? binary.input(1) : binary.input(0);
    }

    /** A scale: one number, or one per output column. */
    private static boolean small(Graph graph, String value, long out) {
        Value v = graph.value(value);
        return v != null && v.elements() <= out;
    }

    private static boolean isBias(Graph graph, String value, long out) {
        Value v = graph.value(value);
        return v != null && v.weight() != null && v.elements() == out && v.cols() == out;
    }
}
