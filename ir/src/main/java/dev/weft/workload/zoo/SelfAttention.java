package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.Graph;
import dev.weft.workload.Phase;
import dev.weft.workload.WorkloadSpec;
import java.util.function.UnaryOperator;

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
     * Builds the layer on {@code rows} new tokens of {@code input}, {@code core} describing
     * the attention itself (its queries may be chunks of those tokens, see
     * {@link Decoding.Span}); returns the output projection's name. In decode, softmax
     * attention reads the keys and values of earlier steps from the cache,
     * {@code <prefix>.k_cache} and {@code <prefix>.v_cache}.
     */
    String build(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind, String input,
                 long rows, long hidden, long groups, Decoding.Span span) {
        return build(g, prefix, block, spec, kind, input, rows, hidden, groups, span, null, UnaryOperator.identity());
    }

    /**
     * As above, with T5's {@code positionBiasTensor} added to the scores and the family's own
     * {@code scoreTerms} (see {@link AttentionLowering.Operands}).
     */
    String build(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind, String input,
                 long rows, long hidden, long groups, Decoding.Span span, String positionBiasTensor,
                 UnaryOperator<String> scoreTerms) {
        // EcoFormer's one query-key projection needs as many key heads as query heads
        boolean sharedQk = spec.sharesQk(kind) && kvHeads == heads;
        long keyWidth = sharedQk ? 0 : kvWidth();
        String q;
        String k;
        String v;
        if (fusedQkv) {
            String qkv = g.linear(prefix + ".qkv", block, input, rows, hidden, queryWidth() + keyWidth + kvWidth(),
                    qkvBias);
            q = Graph.part(qkv, sharedQk ? "qk" : "q");
            k = sharedQk ? q : Graph.part(qkv, "k");
            v = Graph.part(qkv, "v");
        } else {
            q = g.linear(prefix + (sharedQk ? ".qk" : ".q"), block, input, rows, hidden, queryWidth(), qkvBias);
            k = sharedQk ? q : g.linear(prefix + ".k", block, input, rows, hidden, kvWidth(), qkvBias);
            v = g.linear(prefix + ".v", block, input, rows, hidden, kvWidth(), qkvBias);
        }
        if (rotaryDim() > 0) {
            // rotate pairs: x1*cos - x2*sin, x1*sin + x2*cos: two products and one sum per element
            q = rotate(g, prefix + (sharedQk ? ".rope_qk" : ".rope_q"), block, q, rows, heads);
            k = sharedQk ? q : rotate(g, prefix + ".rope_k", block, k, rows, kvHeads);
        }
        if (span.chunks() > 1) {
            // chunks of a sliding window read their queries, and keys and values that overlap
            q = Graph.rows(q, "chunks");
            k = Graph.rows(k, "overlapping_chunks");
            v = Graph.rows(v, "overlapping_chunks");
        }
        AttentionLowering.Operands operands = AttentionLowering.Operands.of(q, k, v)
                .withPositionBias(positionBiasTensor).withScoreTerms(scoreTerms);
        if (spec.phase() == Phase.DECODE) {
            operands = operands.withCache(prefix);
        }
        String context = AttentionLowering.lower(g, prefix + ".core", block, spec, kind,
                new AttentionCore(groups * span.chunks(), heads, kvHeads, span.queries(), span.keys(), headDim,
                        logitSoftcap, positionBias), operands);
        if (span.chunks() > 1) {
            context = Graph.rows(context, "chunks");
        }
        return g.linear(prefix + ".out", block, context, rows, queryWidth(), hidden, outBias);
    }

    /**
     * Rotary embedding on the first {@link #rotaryDim()} dimensions of each head of
     * {@code projection}; the rest pass unrotated, and attention reads both as one.
     */
    private String rotate(GraphBuilder g, String name, String block, String projection, long rows, long headCount) {
        if (rotaryDim() == headDim) {
            return g.vector(name, "rope", block, projection, rows, headCount * rotaryDim(), 2, 1, 0);
        }
        String rotated = g.vector(name, "rope", block, Graph.part(projection, "rotary"), rows,
                headCount * rotaryDim(), 2, 1, 0);
        return Graph.concat(rotated, Graph.part(projection, "pass"));
    }
}
