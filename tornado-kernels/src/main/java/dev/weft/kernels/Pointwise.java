package dev.weft.kernels;

/** The element-wise non-linearities the models use, each with its reference definition. */
public enum Pointwise {
    /** GELU, tanh approximation (GPT-2's {@code gelu_new}): 0.5 v (1 + tanh(sqrt(2/pi) (v + 0.044715 v^3))). */
    GELU_TANH("gelu") {
        @Override
        public double apply(double v) {
            return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        }
    },
    /** SiLU (swish): v sigmoid(v), Llama's gate activation. */
    SILU("silu") {
        @Override
        public double apply(double v) {
            return v / (1 + Math.exp(-v));
        }
    },
    /** tanh: BERT's pooler. */
    TANH("tanh") {
        @Override
        public double apply(double v) {
            return Math.tanh(v);
        }
    };

    /** The operator name the workload IR gives it. */
    public final String op;

    Pointwise(String op) {
        this.op = op;
    }

    public abstract double apply(double v);
}
