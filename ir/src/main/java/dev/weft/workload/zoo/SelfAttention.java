package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.WorkloadSpec;

/**
 * A self-attention layer's projections and core, as every family builds it: Q, K and V from
 * the new tokens (one fused projection or three), rotary embeddings on a fraction of each
 * head, the attention core, and the output projection.
 *
 * @param kvHeads        fewer than {@code heads}: grouped-query (or multi-query) attention
 * @param headDim        per head; Gemma's differs from hidden / heads
 * @param fusedQkv       one {@code qkv} projection (GPT-2, Phi-3, GPT-NeoX, Falcon) instead of three
 * @param rotaryFraction share of each head's dimensions that rotary embeddings rotate (0: none;
 *                       GPT-NeoX rotates a quarter)
 * @param logitSoftcap   Gemma 2's cap on the scores, 0 for none
 * @param positionBias   a learned bias added to the scores (T5's relative positions)
 */
record SelfAttention(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias, boolean fusedQkv,
                     double rotaryFraction, double logitSoftcap, boolean positionBias) {

    /** Encoder attention (BERT, ViT): three projections, biases, no rotation. */
    static SelfAttention multiHead(int heads, int headDim, boolean bias) {
        return new SelfAttention(heads, heads, headDim, bias, bias, false, 0, 0, false);
    }

    long queryWidth() {
        return (long) heads * headDim;
    }

    long kvWidth() {
        return (long) kvHeads * headDim;
    }

    /** Rotated dimensions per head: an even count, as rotation turns pairs. */
    long rotaryDim() {
        return 2 * Math.round(headDim * rotaryFraction / 2);
    }

    /**
     * Builds the layer on {@code rows} new tokens, {@code core} describing the attention
     * itself (its queries may be chunks of those tokens, see {@link Decoding.Span}).
     */
    void build(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind, long rows,
               long hidden, long groups, Decoding.Span span) {
        if (fusedQkv) {
            g.linear(prefix + ".qkv", block, rows, hidden, queryWidth() + 2 * kvWidth(), qkvBias);
        } else {
            g.linear(prefix + ".q", block, rows, hidden, queryWidth(), qkvBias);
            g.linear(prefix + ".k", block, rows, hidden, kvWidth(), qkvBias);
            g.linear(prefix + ".v", block, rows, hidden, kvWidth(), qkvBias);
        }
        if (rotaryDim() > 0) {
            // rotate pairs: x1*cos - x2*sin, x1*sin + x2*cos: two products and one sum per element
            g.vector(prefix + ".rope_q", "rope", block, rows, heads * rotaryDim(), 2, 1, 0);
            g.vector(prefix + ".rope_k", "rope", block, rows, kvHeads * rotaryDim(), 2, 1, 0);
        }
        AttentionLowering.lower(g, prefix + ".core", block, spec, kind, new AttentionCore(groups * span.chunks(),
                heads, kvHeads, span.queries(), span.keys(), headDim, logitSoftcap, positionBias));
        g.linear(prefix + ".out", block, rows, queryWidth(), hidden, outBias);
    }
}
