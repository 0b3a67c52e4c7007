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
 * <p>Shapes: {@code batch} independent groups (images, sequences or Swin windows), each
 * with {@code heads} heads of size {@code headDim}, {@code queries} query tokens and
 * {@code keys} key/value tokens.
 *
 * <p>In decode, the linear-complexity variants keep a per-head state (the key-value
 * summary and the normaliser) instead of a KV cache, so each step folds in one new key
 * rather than re-reading them all; softmax attention reads the whole cache.
 */
public final class AttentionLowering {
    private AttentionLowering() {
    }

    public static void lower(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind,
                             long batch, long heads, long queries, long keys, long headDim) {
        switch (kind) {
            case SOFTMAX -> softmax(g, prefix, block, batch, heads, queries, keys, headDim);
            case ECOFORMER -> ecoformer(g, prefix, block, spec, batch, heads, queries, keys, headDim);
            case LINEAR -> linear(g, prefix, block, spec, batch, heads, queries, keys, headDim);
        }
    }

    private static void softmax(GraphBuilder g, String prefix, String block, long batch, long heads, long queries,
                                long keys, long headDim) {
        Compute mac = new Compute.Mac(g.dtype());
        g.batchedMatmul(prefix + ".scores", "attention.qk", block, batch, heads, queries, keys, headDim, mac);
        g.softmax(prefix + ".softmax", block, batch * heads * queries, keys);
        g.batchedMatmul(prefix + ".context", "attention.av", block, batch, heads, queries, headDim, keys, mac);
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
    private static void ecoformer(GraphBuilder g, String prefix, String block, WorkloadSpec spec, long batch,
                                  long heads, long queries, long keys, long headDim) {
        int bits = spec.hashBits();
        int anchors = spec.hashAnchors();
        long summarised = spec.phase() == Phase.DECODE ? 1 : keys;
        hash(g, prefix + ".hash_q", block, batch, heads, queries, headDim, anchors, bits);
        hash(g, prefix + ".hash_k", block, batch, heads, summarised, headDim, anchors, bits);
        Compute accumulate = new Compute.BinaryAccumulate(g.dtype());
        g.batchedMatmul(prefix + ".code_kv", "ecoformer.kv", block, batch, heads, bits, headDim, summarised,
                accumulate);
        g.vector(prefix + ".code_k_sum", "ecoformer.ksum", block, batch * heads * bits, summarised, 0, 1, 0);
        g.vector(prefix + ".v_sum", "ecoformer.vsum", block, batch * heads * headDim, summarised, 0, 1, 0);
        g.batchedMatmul(prefix + ".code_context", "ecoformer.qkv", block, batch, heads, queries, headDim, bits,
                accumulate);
        g.vector(prefix + ".code_norm", "ecoformer.norm", block, batch * heads * queries, bits, 0, 1, 0);
        // numerator and denominator each add the b*sum term; the division is the only non-linear step
        g.vector(prefix + ".normalise", "ecoformer.div", block, batch * heads * queries, headDim, 0, 1, 1);
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
    private static void linear(GraphBuilder g, String prefix, String block, WorkloadSpec spec, long batch,
                               long heads, long queries, long keys, long headDim) {
        long summarised = spec.phase() == Phase.DECODE ? 1 : keys;
        Compute mac = new Compute.Mac(g.dtype());
        g.vector(prefix + ".phi_q", "linear_attn.phi", block, batch * heads * queries, headDim, 0, 1, 1);
        g.vector(prefix + ".phi_k", "linear_attn.phi", block, batch * heads * summarised, headDim, 0, 1, 1);
        g.batchedMatmul(prefix + ".kv", "linear_attn.kv", block, batch, heads, headDim, headDim, summarised, mac);
        g.vector(prefix + ".k_sum", "linear_attn.ksum", block, batch * heads * headDim, summarised, 0, 1, 0);
        g.batchedMatmul(prefix + ".context", "linear_attn.qkv", block, batch, heads, queries, headDim, headDim, mac);
        g.batchedMatmul(prefix + ".norm", "linear_attn.norm", block, batch, heads, queries, 1, headDim, mac);
        g.vector(prefix + ".normalise", "linear_attn.div", block, batch * heads * queries, headDim, 0, 0, 1);
    }
}
