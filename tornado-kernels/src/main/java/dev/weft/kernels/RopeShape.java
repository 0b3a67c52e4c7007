package dev.weft.kernels;

/**
 * Rotary position embedding (Su et al., 2021) in Llama's rotate-half form over {@code rows}
 * tokens of {@code heads} heads of {@code headDim}: dimension j of a head turns with
 * dimension j + headDim/2 by the angle {@code position * base^(-2j/headDim)}. Row r sits at
 * position {@code firstPosition + r % seq} (rows are {@code seq} tokens of each sequence).
 */
public record RopeShape(int rows, int heads, int headDim, int seq, int firstPosition, double base) {
    /** Hugging Face's default {@code rope_theta}; the zoo does not read a config's own, which changes values only. */
    public static final double DEFAULT_BASE = 10_000;

    public RopeShape {
        Shapes.positive("rope", "rows", rows);
        Shapes.positive("rope", "heads", heads);
        Shapes.positive("rope", "head_dim", headDim);
        Shapes.positive("rope", "seq", seq);
        if (headDim % 2 != 0) {
            throw new dev.weft.error.WeftInputException("rope", "head_dim", "is " + headDim
                    + ", rotation needs an even count", "use an even head size");
        }
    }

    public void check(float[] x) {
        Shapes.require("rope", "x", (long) rows * heads * headDim, x.length);
    }

    public int position(int row) {
        return firstPosition + row % seq;
    }

    /** Positions the rows span: the rows of the cos and sin tables. */
    public int positions() {
        return firstPosition + Math.min(rows, seq);
    }

    /** The rotation angle of pair {@code j} at {@code position}, in double as the tables are computed once. */
    public double angle(int position, int j) {
        return position * Math.pow(base, -2.0 * j / headDim);
    }
}
