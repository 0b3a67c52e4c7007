package dev.weft.workload.zoo;

import dev.weft.workload.Compute;
import dev.weft.workload.Graph;

/**
 * The operators that decide which tokens a vision transformer drops or merges, so that token
 * reduction is not counted as free: DynamicViT's prediction module and ToMe's bipartite soft
 * matching and weighted merge. Moving the surviving rows (a gather) does no arithmetic and is
 * not an operator here; the next operator reads the rows it keeps, by the indices these
 * operators computed ({@link dev.weft.workload.Graph#gather}).
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
    static String dynamicVitPredictor(GraphBuilder g, String prefix, String block, String input, long batch,
                                      long scored, long hidden) {
        long rows = batch * scored;
        long half = hidden / 2;
        long quarter = hidden / 4;
        String x = g.layerNorm(prefix + ".norm", block, Graph.rows(input, "patch_tokens"), rows, hidden);
        x = g.linear(prefix + ".in", block, x, rows, hidden, hidden, true);
        x = g.gelu(prefix + ".in_gelu", block, x, rows, hidden);
        // (x * policy).sum(tokens) / policy.sum(tokens) on the global half: a product and a sum per element
        String global = g.vector(prefix + ".global_pool", "dynamicvit.pool", block, Graph.part(x, "global"), rows,
                hidden - half, 1, 1, 0);
        // each token's local half next to the pooled global half
        x = g.linear(prefix + ".fc1", block, Graph.concat(Graph.part(x, "local"), global), rows, hidden, half, true);
        x = g.gelu(prefix + ".fc1_gelu", block, x, rows, half);
        x = g.linear(prefix + ".fc2", block, x, rows, half, quarter, true);
        x = g.gelu(prefix + ".fc2_gelu", block, x, rows, quarter);
        x = g.linear(prefix + ".fc3", block, x, rows, quarter, 2, true);
        x = g.softmax(prefix + ".log_softmax", block, x, rows, 2);
        // argsort of the keep scores: about n log2 n comparisons per image
        return g.vector(prefix + ".select", "dynamicvit.select", block, Graph.rows(x, "keep_score"), batch, scored,
                0, log2Ceil(scored), 0);
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
    static String tomeMerge(GraphBuilder g, String prefix, String block, String input, String keys, long batch,
                            long heads, long headDim, long tokens, long merged, long hidden) {
        long setA = (tokens + 1) / 2;
        long setB = tokens / 2;
        String metric = g.vector(prefix + ".metric", "tome.metric", block, Graph.rows(keys, "mean_over_heads"),
                batch * tokens, headDim, 1, heads - 1, 0);
        // x / ||x||: square, sum and scale per element, one reciprocal square root per token
        metric = g.vector(prefix + ".normalise", "tome.normalise", block, metric, batch * tokens, headDim, 2, 1,
                1.0 / headDim);
        String match = g.batchedMatmul(prefix + ".match", "tome.match", block, Graph.part(metric, "a"),
                Graph.part(metric, "b"), batch, 1, setA, setB, headDim, new Compute.Mac(g.dtype()));
        String best = g.vector(prefix + ".argmax", "tome.argmax", block, match, batch * setA, setB, 0, 1, 0);
        String order = g.vector(prefix + ".sort", "tome.sort", block, Graph.rows(best, "best_match"), batch, setA, 0,
                log2Ceil(setA), 0);
        String weighted = g.vector(prefix + ".weight", "tome.weight", block, input, batch * tokens, hidden, 1, 0, 0);
        long left = tokens - merged;
        // scatter-sum of the merged rows into their matches, then the division by the summed sizes
        return g.vector(prefix + ".merge", "tome.merge", block, Graph.gather(weighted, order), batch * left, hidden, 0,
                (double) merged / left, 1);
    }

    /**
     * ToMe's proportional attention ({@code attn + size.log()} before the softmax, on by default
     * for models evaluated off the shelf): one addition per score once tokens carry sizes.
     */
    static String tomeSizeBias(GraphBuilder g, String name, String block, String scores, long batch, long heads,
                               long tokens) {
        return g.vector(name, "tome.size_bias", block, scores, batch * heads * tokens, tokens, 0, 1,
                1.0 / (heads * tokens));
    }

    private static double log2Ceil(long n) {
        return n <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1);
    }
}
