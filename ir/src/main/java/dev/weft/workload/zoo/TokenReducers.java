package dev.weft.workload.zoo;

import dev.weft.workload.Compute;

/**
 * The operators that decide which tokens a vision transformer drops or merges, so that token
 * reduction is not counted as free: DynamicViT's prediction module and ToMe's bipartite soft
 * matching and weighted merge. Moving the surviving rows (a gather) does no arithmetic and is
 * not an operator here; the next operator reads the rows it keeps.
 */
final class TokenReducers {
    private TokenReducers() {
    }

    /**
     * DynamicViT's prediction module ({@code PredictorLG} in Rao et al.'s {@code vit.py}) on
     * {@code scored} patch tokens of width {@code hidden}: LayerNorm, Linear(C, C) and GELU;
     * the second half of the features averaged over the kept tokens (a global feature next to
     * each token's local half); Linear(C, C/2), GELU, Linear(C/2, C/4), GELU, Linear(C/4, 2),
     * log-softmax; then the scores are sorted and the top {@code kept} tokens go on. About
     * {@code 1.625 C^2} MACs per scored token.
     */
    static void dynamicVitPredictor(GraphBuilder g, String prefix, String block, long batch, long scored,
                                    long hidden) {
        long rows = batch * scored;
        long half = hidden / 2;
        long quarter = hidden / 4;
        g.layerNorm(prefix + ".norm", block, rows, hidden);
        g.linear(prefix + ".in", block, rows, hidden, hidden, true);
        g.gelu(prefix + ".in_gelu", block, rows, hidden);
        // (x * policy).sum(tokens) / policy.sum(tokens) on the global half: a product and a sum per element
        g.vector(prefix + ".global_pool", "dynamicvit.pool", block, rows, hidden - half, 1, 1, 0);
        g.linear(prefix + ".fc1", block, rows, hidden, half, true);
        g.gelu(prefix + ".fc1_gelu", block, rows, half);
        g.linear(prefix + ".fc2", block, rows, half, quarter, true);
        g.gelu(prefix + ".fc2_gelu", block, rows, quarter);
        g.linear(prefix + ".fc3", block, rows, quarter, 2, true);
        g.softmax(prefix + ".log_softmax", block, rows, 2);
        // argsort of the keep scores: about n log2 n comparisons per image
        g.vector(prefix + ".select", "dynamicvit.select", block, batch, scored, 0, log2Ceil(scored), 0);
    }

    /**
     * ToMe's merge of {@code merged} of a block's {@code tokens} tokens (Bolya et al., ICLR 2023;
     * {@code bipartite_soft_matching} and {@code merge_wavg} in {@code tome/merge.py}). The
     * similarity metric is the keys averaged over the heads ({@code k.mean(1)} in
     * {@code tome/patch/timm.py}), so it is {@code headDim} wide, not the model width. The
     * tokens are split alternately into sets A ({@code ceil(N/2)}) and B ({@code floor(N/2)});
     * the cosine similarity of every A-B pair is a product of the normalised metrics,
     * {@code ceil(N/2) x floor(N/2) x headDim} MACs; each A token takes its best B match
     * (a max over B), the A tokens are sorted by it, and the top {@code merged} are averaged
     * into their matches weighted by token size: {@code x * size}, a scatter-sum, a division.
     */
    static void tomeMerge(GraphBuilder g, String prefix, String block, long batch, long heads, long headDim,
                          long tokens, long merged, long hidden) {
        long setA = (tokens + 1) / 2;
        long setB = tokens / 2;
        g.vector(prefix + ".metric", "tome.metric", block, batch * tokens, headDim, 1, heads - 1, 0);
        // x / ||x||: square, sum and scale per element, one reciprocal square root per token
        g.vector(prefix + ".normalise", "tome.normalise", block, batch * tokens, headDim, 2, 1, 1.0 / headDim);
        g.batchedMatmul(prefix + ".match", "tome.match", block, batch, 1, setA, setB, headDim,
                new Compute.Mac(g.dtype()));
        g.vector(prefix + ".argmax", "tome.argmax", block, batch * setA, setB, 0, 1, 0);
        g.vector(prefix + ".sort", "tome.sort", block, batch, setA, 0, log2Ceil(setA), 0);
        g.vector(prefix + ".weight", "tome.weight", block, batch * tokens, hidden, 1, 0, 0);
        long left = tokens - merged;
        // scatter-sum of the merged rows into their matches, then the division by the summed sizes
        g.vector(prefix + ".merge", "tome.merge", block, batch * left, hidden, 0, (double) merged / left, 1);
    }

    /**
     * ToMe's proportional attention ({@code attn + size.log()} before the softmax, on by default
     * for models evaluated off the shelf): one addition per score once tokens carry sizes.
     */
    static void tomeSizeBias(GraphBuilder g, String name, String block, long batch, long heads, long tokens) {
        g.vector(name, "tome.size_bias", block, batch * heads * tokens, tokens, 0, 1, 1.0 / (heads * tokens));
    }

    private static double log2Ceil(long n) {
        return n <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
