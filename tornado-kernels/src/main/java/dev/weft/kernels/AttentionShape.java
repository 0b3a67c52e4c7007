package dev.weft.kernels;

/**
 * Attention over {@code heads} independent heads: queries {@code [heads, queries, headDim]},
 * keys and values {@code [heads, keys, headDim]}, output like the queries. With
 * {@code causal}, query i sees keys up to {@code i + keys - queries}: the prompt in prefill,
 * the whole cache plus itself in decode.
 */
public record AttentionShape(int heads, int queries, int keys, int headDim, boolean causal) {
    public AttentionShape {
        Shapes.positive("attention", "heads", heads);
        Shapes.positive("attention", "queries", queries);
        Shapes.positive("attention", "keys", keys);
        Shapes.positive("attention", "head_dim", headDim);
        if (causal && queries > keys) {
            throw new dev.weft.error.WeftInputException("attention", "queries", "causal attention with " + queries
                    + " queries but only " + keys + " keys", "give at least as many keys as queries");
        }
    }

    public void check(float[] q, float[] k, float[] v) {
        Shapes.require("attention", "q", (long) heads * queries * headDim, q.length);
        Shapes.require("attention", "k", (long) heads * keys * headDim, k.length);
        Shapes.require("attention", "v", (long) heads * keys * headDim, v.length);
    }

    /** Last key query {@code i} may see. */
    public int lastKey(int query) {
        return causal ? query + keys - queries : keys - 1;
    }

    public float scale() {
        return (float) (1.0 / Math.sqrt(headDim));
    }
}
