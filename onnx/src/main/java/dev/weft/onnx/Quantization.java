package dev.weft.onnx;

import dev.weft.workload.DType;
import java.util.List;

/**
 * QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear. They say at which type the
 * neighbouring operators run; on an int8 accelerator the conversion is part of the
 * operator, as in the zoo's int8 workloads, so they cost nothing themselves. A dequantised
 * weight stays that weight, stored at its integer type.
 */
final class Quantization implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value x = in.get(0);
        return switch (node.opType()) {
            case "DequantizeLinear" -> List.of(new Value(x.shape(), ElementType.FLOAT, null, x.weight() == null ? null
                    : new Weight(x.weight().initializer(), ElementType.dtype(x.type(), DType.INT8))));
            case "QuantizeLinear" -> List.of(new Value(x.shape(), in.size() > 2 && in.get(2) != null
                    ? in.get(2).type() : ElementType.UINT8, null, x.weight()));
            default -> List.of(Value.activation(x.shape(), ElementType.UINT8),
                    Value.activation(new long[0], ElementType.FLOAT), Value.activation(new long[0], ElementType.UINT8));
        };
    }

    /** The scale and zero point only describe the conversion: whatever computes them is not work. */
    @Override
    public Match plan(Node node, Graph graph) {
        return new Match(node, List.of(node), List.of(node.input(0)), node.outputs(), Match.NOTHING);
    }
}
