package dev.weft.workload.zoo;

/**
 * What the core of one attention layer computes: {@code groups} independent groups (images,
 * sequences, Swin windows or a sequence's window chunks), each with {@code heads} query heads
 * of {@code headDim} and {@code queries} new tokens against {@code keys} key/value tokens.
 * With {@code kvHeads < heads} (grouped-query and multi-query attention) the query heads of a
 * group share one key/value head, so the KV cache holds {@code kvHeads x keys x headDim}
 * values per sequence and operand, not {@code heads x ...}.
 *
 * @param logitSoftcap Gemma 2's {@code cap * tanh(scores / cap)} on the scores, when above 0
 * @param positionBias a bias added to every score (T5's relative positions)
 */
public record AttentionCore(long groups, long heads, long kvHeads, long queries, long keys, long headDim,
                            double logitSoftcap, boolean positionBias) {

    public AttentionCore {
        if (groups <= 0 || heads <= 0 || kvHeads <= 0 || queries <= 0 || keys <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("attention sizes must be positive");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(kvHeads + " key/value heads do not divide " + heads + " heads");
        }
    }

    /** Multi-head attention: every query head has a key/value head of its own. */
    public static AttentionCore multiHead(long groups, long heads, long queries, long keys, long headDim) {
        return new AttentionCore(groups, heads, heads, queries, keys, headDim, 0, false);
    }

    /** Query rows that read one key/value head: the group's query heads times the new tokens. */
    public long rowsPerKvHead() {
        return heads / kvHeads * queries;
    }
}
