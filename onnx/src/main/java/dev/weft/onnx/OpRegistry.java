package dev.weft.onnx;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that says which ONNX operator types the importer understands: op type to
 * handler. A new operator is one new handler and one line here.
 */
final class OpRegistry {
    private static final Map<String, OpHandler> HANDLERS = new TreeMap<>();
    /** ONNX Runtime's contrib domain: its Attention is not the standard one of opset 23. */
    private static final String MICROSOFT = "com.microsoft.";

    static {
        OpHandler pass = new LayoutOps.PassThrough();
        register(pass, "Identity", "Dropout");
        register(new LayoutOps.Cast(), "Cast", "CastLike");
        register(new LayoutOps.Shape(), "Shape");
        register(new LayoutOps.Constant(), "Constant");
        register(new LayoutOps.ConstantOfShape(), "ConstantOfShape");
        register(new LayoutOps.Reshape(), "Reshape");
        register(new LayoutOps.Flatten(), "Flatten");
        register(new LayoutOps.Transpose(), "Transpose");
        register(new LayoutOps.Squeeze(false), "Squeeze");
        register(new LayoutOps.Squeeze(true), "Unsqueeze");
        register(new LayoutOps.Expand(), "Expand");
        register(new LayoutOps.Concat(), "Concat");
        register(new LayoutOps.Split(), "Split");
        register(new LayoutOps.Slice(), "Slice");
        register(new LayoutOps.Gather(), "Gather");
        register(new LayoutOps.Range(), "Range");

        register(Elementwise.sum("add", Double::sum), "Add");
        register(Elementwise.sum("sub", (a, b) -> a - b), "Sub");
        register(Elementwise.product("mul", (a, b) -> a * b), "Mul");
        register(Elementwise.nonlinear("div", (a, b) -> a / b), "Div");
        register(Elementwise.product("pow", Math::pow), "Pow");
        register(Elementwise.nonlinear("sqrt", (a, b) -> Math.sqrt(a)), "Sqrt");
        register(Elementwise.nonlinear("reciprocal", (a, b) -> 1 / a), "Reciprocal");
        register(Elementwise.nonlinear("erf", null), "Erf");
        register(Elementwise.nonlinear("tanh", (a, b) -> Math.tanh(a)), "Tanh");
        register(Elementwise.nonlinear("exp", (a, b) -> Math.exp(a)), "Exp");
        register(Elementwise.nonlinear("log", (a, b) -> Math.log(a)), "Log");
        register(Elementwise.nonlinear("sigmoid", (a, b) -> 1 / (1 + Math.exp(-a))), "Sigmoid");
        register(Elementwise.sum("neg", (a, b) -> -a), "Neg");
        register(Elementwise.sum("abs", (a, b) -> Math.abs(a)), "Abs");
        register(Elementwise.sum("relu", (a, b) -> Math.max(a, 0)), "Relu");
        register(Elementwise.sum("max", Math::max), "Max");
        register(Elementwise.sum("min", Math::min), "Min");
        register(Elementwise.sum("floor", (a, b) -> Math.floor(a)), "Floor");
        register(Elementwise.sum("ceil", (a, b) -> Math.ceil(a)), "Ceil");
        register(Elementwise.comparison("equal", (a, b) -> a == b ? 1 : 0), "Equal");
        register(Elementwise.comparison("less", (a, b) -> a < b ? 1 : 0), "Less");
        register(Elementwise.comparison("greater", (a, b) -> a > b ? 1 : 0), "Greater");
        register(Elementwise.comparison("less_equal", (a, b) -> a <= b ? 1 : 0), "LessOrEqual");
        register(Elementwise.comparison("greater_equal", (a, b) -> a >= b ? 1 : 0), "GreaterOrEqual");
        register(Elementwise.comparison("not", (a, b) -> a == 0 ? 1 : 0), "Not");
        register(Elementwise.comparison("and", (a, b) -> a != 0 && b != 0 ? 1 : 0), "And");
        register(Elementwise.comparison("or", (a, b) -> a != 0 || b != 0 ? 1 : 0), "Or");
        register(new Elementwise("where", 0, 1, 0, (a, b) -> a, false), "Where");

        register(new Reduction("reduce_mean"), "ReduceMean");
        register(new Reduction("reduce_sum"), "ReduceSum");
        register(new Reduction("reduce_max"), "ReduceMax");
        register(new Reduction("reduce_min"), "ReduceMin");
        register(new Softmax(), "Softmax", "LogSoftmax");
        register(new LayerNormalization(), "LayerNormalization");

        register(new MatMul(1), "MatMul", "MatMulInteger");
        register(new MatMul(3), "QLinearMatMul");
        register(new Gemm(), "Gemm");
        register(new Conv(), "Conv");
        register(new Quantization(), "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear");

        register(new ContribOps.Attention(), MICROSOFT + "Attention");
        register(new ContribOps.SkipLayerNormalization(false), MICROSOFT + "SkipLayerNormalization");
        register(new ContribOps.SkipLayerNormalization(true), MICROSOFT + "SkipSimplifiedLayerNormalization");
        register(new ContribOps.SimplifiedLayerNormalization(), MICROSOFT + "SimplifiedLayerNormalization");
        register(new ContribOps.EmbedLayerNormalization(), MICROSOFT + "EmbedLayerNormalization");
        register(new ContribOps.Gelu(), MICROSOFT + "Gelu", MICROSOFT + "FastGelu", MICROSOFT + "BiasGelu", "Gelu");
    }

    private OpRegistry() {
    }

    private static void register(OpHandler handler, String... opTypes) {
        for (String opType : opTypes) {
            HANDLERS.put(opType, handler);
        }
    }

    /** The handler of a node's op type, or {@code null} when Weft does not know it. */
    static OpHandler handler(Node node) {
        return HANDLERS.get(qualified(node));
    }

    /** The op type with its domain, except in the default domain: {@code com.microsoft.Attention}, {@code MatMul}. */
    static String qualified(Node node) {
        return node.domain().isEmpty() || node.domain().equals("ai.onnx") ? node.opType()
                : node.domain() + "." + node.opType();
    }
}
