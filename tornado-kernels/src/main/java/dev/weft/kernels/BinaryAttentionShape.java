package dev.weft.kernels;

/**
 * EcoFormer attention on binary codes: queries and keys are {@code bits}-bit codes in
 * {-1,+1} packed LSB-first into 32-bit words ({@code [heads, tokens, words]}, bit set = +1),
 * values {@code [heads, keys, headDim]}. The similarity of two codes is
 * {@code (bits + h_q . h_k) / 2 = bits - hamming(h_q, h_k)}, non-negative, and the output is
 * the similarity-weighted mean of the values.
 */
public record BinaryAttentionShape(int heads, int queries, int keys, int headDim, int bits) {
    public BinaryAttentionShape {
        Shapes.positive("binary_attention", "heads", heads);
        Shapes.positive("binary_attention", "queries", queries);
        Shapes.positive("binary_attention", "keys", keys);
        Shapes.positive("binary_attention", "head_dim", headDim);
        Shapes.positive("binary_attention", "bits", bits);
    }

    public int words() {
        return Shapes.words(bits);
    }

    public void check(int[] q, int[] k, float[] v) {
        Shapes.require("binary_attention", "q", (long) heads * queries * words(), q.length);
        Shapes.require("binary_attention", "k", (long) heads * keys * words(), k.length);
        Shapes.require("binary_attention", "v", (long) heads * keys * headDim, v.length);
    }
}
