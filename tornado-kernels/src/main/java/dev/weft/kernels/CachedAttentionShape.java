package dev.weft.kernels;

/**
 * Attention of {@code queries} new tokens per sequence against a {@link KvCache} (the new
 * tokens' keys and values appended to it first). Queries and output are token-major,
 * {@code [batch, queries, heads, headDim]}: the rows of a Q projection as they come. With
 * {@code kvHeads < heads} (grouped-query attention) {@code heads / kvHeads} consecutive
 * query heads share a key/value head. With {@code causal}, query i sees keys up to
 * {@code i + keys - queries}: the prompt in prefill, the whole cache in decode.
 */
public record CachedAttentionShape(int batch, int heads, int kvHeads, int queries, int headDim, boolean causal) {
    public CachedAttentionShape {
        Shapes.positive("attention", "batch", batch);
        Shapes.positive("attention", "heads", heads);
        Shapes.positive("attention", "kv_heads", kvHeads);
        Shapes.positive("attention", "queries", queries);
        Shapes.positive("attention", "head_dim", headDim);
        if (heads % kvHeads != 0) {
            throw new dev.weft.error.WeftInputException("attention", "kv_heads", kvHeads
                    + " key/value heads do not divide " + heads + " heads", "give a divisor of the head count");
        }
    }

    /** Checks the queries and that the cache holds at least as many keys as there are queries. */
    public void check(float[] q, KvCache cache) {
        Shapes.require("attention", "q", (long) batch * queries * heads * headDim, q.length);
        KvCache.Shape c = cache.shape();
        Shapes.require("attention", "cache batch", batch, c.batch());
        Shapes.require("attention", "cache kv_heads", kvHeads, c.kvHeads());
        Shapes.require("attention", "cache head_dim", headDim, c.headDim());
        if (cache.length() < queries) {
            throw new dev.weft.error.WeftInputException("attention", "cache", "holds " + cache.length()
                    + " keys for " + queries + " queries", "append the new tokens' keys and values first");
        }
    }

    public float scale() {
        return (float) (1.0 / Math.sqrt(headDim));
    }
}
