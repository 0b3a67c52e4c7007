package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.Graph;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.Phase;
import dev.weft.workload.WorkloadSpec;
import java.util.function.UnaryOperator;

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

    /**
     * The tensors an attention core reads: the queries, keys and values of the new tokens;
     * {@code cache}, when softmax attention also reads keys and values of earlier steps, names
     * them ({@code <cache>.k_cache}, {@code <cache>.v_cache}, inputs of the graph);
     * {@code positionBias}, the bias added to the scores when the core has one; and
     * {@code scoreTerms}, further terms a family adds to the scores before the softmax (Swin's
     * relative-position bias and shift mask, ToMe's size bias), given the scores' name and
     * returning the name of the scores they leave.
     */
    public record Operands(String q, String k, String v, String cache, String positionBias,
                           UnaryOperator<String> scoreTerms) {
        public static Operands of(String q, String k, String v) {
            return new Operands(q, k, v, null, null, UnaryOperator.identity());
        }

        Operands withCache(String cache) {
            return new Operands(q, k, v, cache, positionBias, scoreTerms);
        }

        Operands withPositionBias(String bias) {
            return new Operands(q, k, v, cache, bias, scoreTerms);
        }

        Operands withScoreTerms(UnaryOperator<String> terms) {
            return new Operands(q, k, v, cache, positionBias, terms);
        }

        String keys() {
            return cache == null ? k : Graph.concat(cache + ".k_cache", k);
        }

        String values() {
            return cache == null ? v : Graph.concat(cache + ".v_cache", v);
        }
    }

    /** Appends the core's operators and returns the name of its context, one row per query and head. */
    public static String lower(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionKind kind,
                               AttentionCore core, Operands operands) {
        return switch (kind) {
            case SOFTMAX -> softmax(g, prefix, block, core, operands);
            case ECOFORMER -> ecoformer(g, prefix, block, spec, core, operands);
            case LINEAR -> linear(g, prefix, block, spec, core, operands);
        };
    }

    private static String softmax(GraphBuilder g, String prefix, String block, AttentionCore c, Operands o) {
        Compute mac = new Compute.Mac(g.dtype());
        long rows = c.groups() * c.heads() * c.queries();
        String scores = g.batchedMatmul(prefix + ".scores", "attention.qk", block, o.q(), o.keys(), c.groups(),
                c.kvHeads(), c.rowsPerKvHead(), c.keys(), c.headDim(), mac,
                new OperatorKind.Contraction(Role.ATTENTION_SCORES));
        if (c.positionBias()) {
            scores = g.residualAdd(prefix + ".position_bias", block, scores, o.positionBias(), rows, c.keys());
        }
        scores = o.scoreTerms().apply(scores);
        if (c.logitSoftcap() > 0) {
            // cap * tanh(x / cap): two products and one tanh per score
            scores = g.vector(prefix + ".softcap", "softcap", block, scores, rows, c.keys(), 2, 0, 1);
        }
        String weights = g.softmax(prefix + ".softmax", block, scores, rows, c.keys());
        return g.batchedMatmul(prefix + ".context", "attention.av", block, weights, o.values(), c.groups(),
                c.kvHeads(), c.rowsPerKvHead(), c.headDim(), c.keys(), mac,
                new OperatorKind.Contraction(Role.ATTENTION_CONTEXT));
    }

    /**
     * EcoFormer (Liu et al., NeurIPS 2022). Queries and keys are hashed: an RBF kernel
     * against {@code m} anchors (a distance per anchor, then an exponential), a projection
     * to {@code b} bits and a sign. With codes h in {-1,+1}^b the similarity
     * {@code (b + h_q . h_k) / 2} is non-negative, and by associativity
     * {@code sum_k sim(q,k) v_k = (b sum_k v_k + h_q^T (sum_k h_k v_k^T)) / 2}: every
     * product with a code is a signed addition, so the attention itself has no
     * multiplications beyond the final normalisation.
     *
     * <p>Where queries and keys are one tensor (the authors' shared {@code to_qk} projection,
     * ziplab/EcoFormer a277f9e {@code pvt/performer.py}: {@code EcoformerFastAttention.forward}
     * hashes {@code qk} once and passes the codes as both), the keys' codes are the queries'.
     */
    private static String ecoformer(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionCore c,
                                    Operands o) {
        int bits = spec.hashBits();
        int anchors = spec.hashAnchors();
        long summarised = spec.phase() == Phase.DECODE ? 1 : c.keys();
        long batch = c.groups();
        long queryRows = batch * c.heads() * c.queries();
        long kvHeads = c.kvHeads();
        // decode reads no cache here, so the new token's key is its query when the projection is shared
        boolean shared = o.q().equals(o.k()) && kvHeads == c.heads() && summarised == c.queries();
        String codeQ = hash(g, prefix + (shared ? ".hash_qk" : ".hash_q"), block, o.q(), batch, c.heads(),
                c.queries(), c.headDim(), anchors, bits);
        String codeK = shared ? codeQ : hash(g, prefix + ".hash_k", block, o.k(), batch, kvHeads, summarised,
                c.headDim(), anchors, bits);
        Compute accumulate = new Compute.BinaryAccumulate(g.dtype());
        String codeKv = g.batchedMatmul(prefix + ".code_kv", "ecoformer.kv", block, codeK, o.v(), batch, kvHeads, bits,
                c.headDim(), summarised, accumulate);
        g.vector(prefix + ".code_k_sum", "ecoformer.ksum", block, codeK, batch * kvHeads * bits, summarised, 0, 1, 0);
        g.vector(prefix + ".v_sum", "ecoformer.vsum", block, o.v(), batch * kvHeads * c.headDim(), summarised, 0, 1,
                0);
        String context = g.batchedMatmul(prefix + ".code_context", "ecoformer.qkv", block, codeQ, codeKv, batch,
                kvHeads, c.rowsPerKvHead(), c.headDim(), bits, accumulate,
                new OperatorKind.Contraction(Role.SUMMARY_CONTEXT));
        g.vector(prefix + ".code_norm", "ecoformer.norm", block, codeQ, queryRows, bits, 0, 1, 0);
        // numerator and denominator each add the b*sum term; the division is the only non-linear step
        return g.vector(prefix + ".normalise", "ecoformer.div", block, context, queryRows, c.headDim(), 0, 1, 1);
    }

    /** The anchors and the projection to bits are fixed at training: inputs of the graph, not weights. */
    private static String hash(GraphBuilder g, String name, String block, String input, long batch, long heads,
                               long tokens, long headDim, int anchors, int bits) {
        Compute mac = new Compute.Mac(g.dtype());
        // ||x - a||^2 = ||x||^2 - 2 x.a + ||a||^2: one product per anchor and feature, then an exponential
        String kernel = g.batchedMatmul(name + ".kernel", "ecoformer.hash", block, input, name + ".anchors", batch,
                heads, tokens, anchors, headDim, mac);
        String rbf = g.vector(name + ".rbf", "ecoformer.rbf", block, kernel, batch * heads * tokens, anchors, 1, 2, 1);
        String project = g.batchedMatmul(name + ".project", "ecoformer.hash", block, rbf, name + ".projection", batch,
                heads, tokens, bits, anchors, mac);
        return g.vector(name + ".sign", "ecoformer.sign", block, project, batch * heads * tokens, bits, 0, 1, 0);
    }

    /**
     * Linear attention (Katharopoulos et al., ICML 2020): feature map elu(x) + 1 on queries and
     * keys, then {@code phi(Q) (phi(K)^T V)} normalised by {@code phi(Q) . sum_k phi(k)}.
     */
    private static String linear(GraphBuilder g, String prefix, String block, WorkloadSpec spec, AttentionCore c,
                                 Operands o) {
        long summarised = spec.phase() == Phase.DECODE ? 1 : c.keys();
        long batch = c.groups();
        long kvHeads = c.kvHeads();
        long headDim = c.headDim();
        long queryRows = batch * c.heads() * c.queries();
        Compute mac = new Compute.Mac(g.dtype());
        String phiQ = g.vector(prefix + ".phi_q", "linear_attn.phi", block, o.q(), queryRows, headDim, 0, 1, 1);
        String phiK = g.vector(prefix + ".phi_k", "linear_attn.phi", block, o.k(), batch * kvHeads * summarised,
                headDim, 0, 1, 1);
        String kv = g.batchedMatmul(prefix + ".kv", "linear_attn.kv", block, phiK, o.v(), batch, kvHeads, headDim,
                headDim, summarised, mac);
        String kSum = g.vector(prefix + ".k_sum", "linear_attn.ksum", block, phiK, batch * kvHeads * headDim,
                summarised, 0, 1, 0);
        String context = g.batchedMatmul(prefix + ".context", "linear_attn.qkv", block, phiQ, kv, batch, kvHeads,
                c.rowsPerKvHead(), headDim, headDim, mac,
                new OperatorKind.Contraction(Role.SUMMARY_CONTEXT));
        // the key sum is one value per row of its operator's rows x keys
        g.batchedMatmul(prefix + ".norm", "linear_attn.norm", block, phiQ, Graph.rows(kSum, "summed"), batch,
                kvHeads, c.rowsPerKvHead(), 1, headDim, mac);
        return g.vector(prefix + ".normalise", "linear_attn.div", block, context, queryRows, headDim, 0, 0, 1);
    }
}
