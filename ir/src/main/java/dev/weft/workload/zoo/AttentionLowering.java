package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.Phase;
import dev.weft.workload.WorkloadSpec;

/**
 * Lowers the core of an attention layer (after the Q, K, V projections, before the output
 * projection) into operators, one variant per {@link AttentionKind}. Every family calls
 * this, so a variant costs the same wherever it appears.
 *
 * <p>Shapes are those of an {@link AttentionCore}. Products against keys and values run per
 * key/value head, with the query heads that share it stacked as rows of {@code M}, as
 * grouped-query kernels do: the K and V operands are read once per key/value head.
 *
 * <p>The linear-complexity variants form no score matrix, so a position bias on the scores
 * (T5's) goes with it. In decode, they keep a per-head state (the key-value
 * summary and the normaliser) instead of a KV cache, so each step folds in one new key
 * rather than re-reading them all; softmax attention reads the whole cache.
 */
public final class AttentionLowering {
    private AttentionLowering() {
    }

    public static void lower(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind,
                             AttentionCore core) {
        switch (kind) {
            case SOFTMAX -> softmax(g, prefix, block, core);
            case ECOFORMER -> ecoformer(g, prefix, block, spec, core);
            case LINEAR -> linear(g, prefix, block, spec, core);
        }
    }

    private static void softmax(GraphBuilder g, String prefix, String block, AttentionCore c) {
        Compute mac = new Compute.Mac(g.dtype());
        long rows = c.groups() * c.heads() * c.queries();
        g.batchedMatmul(prefix + ".scores", "attention.qk", block, c.groups(), c.kvHeads(), c.rowsPerKvHead(),
                c.keys(), c.headDim(), mac);
        if (c.positionBias()) {
            g.residualAdd(prefix + ".position_bias", block, rows, c.keys());
        }
        if (c.logitSoftcap() > 0) {
            // cap * tanh(x / cap): two products and one tanh per score
            g.vector(prefix + ".softcap", "softcap", block, rows, c.keys(), 2, 0, 1);
        }
        g.softmax(prefix + ".softmax", block, rows, c.keys());
        g.batchedMatmul(prefix + ".context", "attention.av", block, c.groups(), c.kvHeads(), c.rowsPerKvHead(),
                c.headDim(), c.keys(), mac);
    }

    /**
     * EcoFormer (Liu et al., NeurIPS 2022). Queries and keys are hashed: an RBF kernel
     * against {@code m} anchors (a distance per anchor, then an exponential), a projection
     * to {@code b} bits and a sign. With codes h in {-1,+1}^b the similarity
     * {@code (b + h_q . h_k) / 2} is non-negative, and by associativity
     * {@code sum_k sim(q,k) v_k = (b sum_k v_k + h_q^T (sum_k h_k v_k^T)) / 2}: every
     * product with a code is a signed addition, so the attention itself has no
     * multiplications beyond the final normalisation.
     */
    private static void ecoformer(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionCore c) {
        int bits = spec.hashBits();
        int anchors = spec.hashAnchors();
        long summarised = spec.phase() == Phase.DECODE ? 1 : c.keys();
        long batch = c.groups();
        long queryRows = batch * c.heads() * c.queries();
        long kvHeads = c.kvHeads();
        hash(g, prefix + ".hash_q", block, batch, c.heads(), c.queries(), c.headDim(), anchors, bits);
        hash(g, prefix + ".hash_k", block, batch, kvHeads, summarised, c.headDim(), anchors, bits);
        Compute accumulate = new Compute.BinaryAccumulate(g.dtype());
        g.batchedMatmul(prefix + ".code_kv", "ecoformer.kv", block, batch, kvHeads, bits, c.headDim(), summarised,
                accumulate);
        g.vector(prefix + ".code_k_sum", "ecoformer.ksum", block, batch * kvHeads * bits, summarised, 0, 1, 0);
        g.vector(prefix + ".v_sum", "ecoformer.vsum", block, batch * kvHeads * c.headDim(), summarised, 0, 1, 0);
        g.batchedMatmul(prefix + ".code_context", "ecoformer.qkv", block, batch, kvHeads, c.rowsPerKvHead(),
                c.headDim(), bits, accumulate);
        g.vector(prefix + ".code_norm", "ecoformer.norm", block, queryRows, bits, 0, 1, 0);
        // numerator and denominator each add the b*sum term; the division is the only non-linear step
        g.vector(prefix + ".normalise", "ecoformer.div", block, queryRows, c.headDim(), 0, 1, 1);
    }

    private static void hash(GraphBuilder g, String name, String block, long batch, long heads, long tokens,
                             long headDim, int anchors, int bits) {
        Compute mac = new Compute.Mac(g.dtype());
        // ||x - a||^2 = ||x||^2 - 2 x.a + ||a||^2: one product per anchor and feature, then an exponential
        g.batchedMatmul(name + ".kernel", "ecoformer.hash", block, batch, heads, tokens, anchors, headDim, mac);
        g.vector(name + ".rbf", "ecoformer.rbf", block, batch * heads * tokens, anchors, 1, 2, 1);
        g.batchedMatmul(name + ".project", "ecoformer.hash", block, batch, heads, tokens, bits, anchors, mac);
        g.vector(name + ".sign", "ecoformer.sign", block, batch * heads * tokens, bits, 0, 1, 0);
    }

    /**
     * Linear attention (Katharopoulos et al., ICML 2020): feature map elu(x) + 1 on queries and
     * keys, then {@code phi(Q) (phi(K)^T V)} normalised by {@code phi(Q) . sum_k phi(k)}.
     */
    private static void linear(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionCore c) {
        long summarised = spec.phase() == Phase.DECODE ? 1 : c.keys();
        long batch = c.groups();
        long kvHeads = c.kvHeads();
        long headDim = c.headDim();
        long queryRows = batch * c.heads() * c.queries();
        Compute mac = new Compute.Mac(g.dtype());
        g.vector(prefix + ".phi_q", "linear_attn.phi", block, queryRows, headDim, 0, 1, 1);
        g.vector(prefix + ".phi_k", "linear_attn.phi", block, batch * kvHeads * summarised, headDim, 0, 1, 1);
        g.batchedMatmul(prefix + ".kv", "linear_attn.kv", block, batch, kvHeads, headDim, headDim, summarised, mac);
        g.vector(prefix + ".k_sum", "linear_attn.ksum", block, batch * kvHeads * headDim, summarised, 0, 1, 0);
        g.batchedMatmul(prefix + ".context", "linear_attn.qkv", block, batch, kvHeads, c.rowsPerKvHead(), headDim,
                headDim, mac);
        g.batchedMatmul(prefix + ".norm", "linear_attn.norm", block, batch, kvHeads, c.rowsPerKvHead(), 1, headDim,
                mac);
        g.vector(prefix + ".normalise", "linear_attn.div", block, queryRows, headDim, 0, 0, 1);
    }
}
