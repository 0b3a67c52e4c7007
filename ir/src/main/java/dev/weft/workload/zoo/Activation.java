package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import java.util.List;

/** The MLP's non-linearity, with its cost per element on the vector unit. */
enum Activation {
    /** x * sigmoid(x): one exponential, one addition, one division (as a non-linear), one product. */
    SILU("silu", 1, 1, 2, List.of("silu", "swish")),
    /** The tanh form: about 5 products, 2 additions and one tanh. */
    GELU_TANH("gelu", 5, 2, 1, List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast")),
    /** The exact form, x/2 * (1 + erf(x / sqrt 2)): 3 products, one addition, one erf. */
    GELU_ERF("gelu", 3, 1, 1, List.of("gelu")),
    /** max(0, x): one comparison. */
    RELU("relu", 0, 1, 0, List.of("relu"));

    final String op;
    final double muls;
    final double adds;
    final double nonlinear;
    private final List<String> huggingFaceNames;

    Activation(String op, double muls, double adds, double nonlinear, List<String> huggingFaceNames) {
        this.op = op;
        this.muls = muls;
        this.adds = adds;
        this.nonlinear = nonlinear;
        this.huggingFaceNames = huggingFaceNames;
    }

    String apply(GraphBuilder g, String name, String block, String input, long rows, long cols) {
        return g.vector(name, op, block, input, rows, cols, muls, adds, nonlinear);
    }

    /** The activation a config's {@code field} names, in Hugging Face's spelling (ACT2FN). */
    static Activation read(ConfigReader config, String field, String fallback) {
        return named(config.has(field) ? config.string(field) : fallback, config, field);
    }

    /** The activation Hugging Face calls {@code name}; {@code field} says where the name came from. */
    static Activation named(String name, ConfigReader config, String field) {
        for (Activation activation : values()) {
            if (activation.huggingFaceNames.contains(name)) {
                return activation;
            }
        }
        throw new WeftInputException(config.source(), field, "activation '" + name + "' is not modelled",
                "use one of silu, swish, gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu");
    }
}
