package dev.weft.workload.zoo;

import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;

/**
 * Builds the operator graph of any {@link Decoder}: embeddings, the layers, the final norm
 * and the output head, which runs on the last position of each sequence only (all that
 * generation needs, in prefill as in decode).
 */
final class DecoderGraph {
    private final Decoder model;
    private final WorkloadSpec spec;
    private final Decoding decoding;
    private final GraphBuilder g;
    private final long batch;
    private final long rows;
    /** Parameters of experts that no token of this step was routed to. */
    private long idleParams;

    private DecoderGraph(Decoder model, WorkloadSpec spec) {
        this.model = model;
        this.spec = spec;
        this.decoding = Decoding.of(spec);
        this.g = new GraphBuilder(spec.dtype(), spec.sparsity());
        this.batch = spec.batch();
        this.rows = batch * decoding.queries();
    }

    static Workload build(String modelName, Decoder model, WorkloadSpec spec) {
        return new DecoderGraph(model, spec).build(modelName);
    }

    private Workload build(String modelName) {
        long hidden = model.hidden();
        g.embedding("embed_tokens", "embeddings", rows, model.vocab(), hidden, "embed_tokens.table");
        if (model.positions() != null) {
            long table = (long) model.maxPositions() + model.positions().offset();
            g.embedding("embed_positions", "embeddings", rows, table, hidden, "embed_positions.table");
            g.residualAdd("embeddings.add", "embeddings", rows, hidden);
        }
        if (model.scaleEmbedding()) {
            g.vector("embeddings.scale", "mul", "embeddings", rows, hidden, 1, 0, 0);
        }
        for (int i = 0; i < model.layers().size(); i++) {
            layer("layers" + i, model.layers().get(i));
        }
        norm("norm", "head");
        String headWeight = model.tied() ? "embed_tokens.table" : "lm_head.weight";
        g.linear("lm_head", "head", batch, hidden, model.vocab(), false, headWeight, StorageFormat.DENSE);
        if (model.finalSoftcap() > 0) {
            // cap * tanh(logit / cap)
            g.vector("lm_head.softcap", "softcap", "head", batch, model.vocab(), 2, 0, 1);
        }
        return new Workload(modelName, model.modelType(), false, spec, g.operators(), idleParams);
    }

    private void layer(String p, Decoder.Layer layer) {
        long hidden = model.hidden();
        Decoding.Span span = decoding.span(layer.window());
        switch (model.residual()) {
            case SEQUENTIAL -> {
                norm(p + ".attn_norm", p);
                attention(p, span);
                residual(p + ".attn", p);
                norm(p + ".mlp_norm", p);
                mlp(p + ".mlp", p, layer.mlp());
                residual(p + ".mlp", p);
            }
            case PARALLEL_SHARED_NORM, PARALLEL -> {
                norm(p + ".attn_norm", p);
                attention(p, span);
                if (model.residual() == Decoder.Residual.PARALLEL) {
                    norm(p + ".mlp_norm", p);
                }
                mlp(p + ".mlp", p, layer.mlp());
                // x + attn + mlp: two sums of two terms
                g.residualAdd(p + ".attn.residual", p, rows, hidden);
                g.residualAdd(p + ".mlp.residual", p, rows, hidden);
            }
        }
    }

    private void attention(String p, Decoding.Span span) {
        model.attention().build(g, p + ".attn", p, spec, spec.attention(), rows, model.hidden(), batch, span);
    }

    /** A sublayer's output joins the residual stream, normalised first under sandwich norms. */
    private void residual(String sublayer, String block) {
        if (model.sandwichNorms()) {
            norm(sublayer + ".post_norm", block);
        }
        g.residualAdd(sublayer + ".residual", block, rows, model.hidden());
    }

    private void norm(String name, String block) {
        switch (model.norm()) {
            case LAYER -> g.layerNorm(name, block, rows, model.hidden());
            case RMS -> g.rmsNorm(name, block, rows, model.hidden());
        }
    }

    private void mlp(String p, String block, Decoder.Mlp mlp) {
        if (mlp instanceof Decoder.Dense dense) {
            dense(p, block, dense);
        } else if (mlp instanceof Decoder.Experts experts) {
            experts(p, block, experts);
        }
    }

    private void dense(String p, String block, Decoder.Dense mlp) {
        denseMlp(g, p, block, rows, model.hidden(), mlp);
    }

    /** A dense MLP on {@code rows} tokens of {@code hidden} (T5's layers build theirs here too). */
    static void denseMlp(GraphBuilder g, String p, String block, long rows, long hidden, Decoder.Dense mlp) {
        long inner = mlp.inner();
        if (!mlp.gated()) {
            g.linear(p + ".up", block, rows, hidden, inner, mlp.bias());
            mlp.activation().apply(g, p + ".act", block, rows, inner);
        } else {
            if (mlp.fused()) {
                g.linear(p + ".gate_up", block, rows, hidden, 2 * inner, mlp.bias());
            } else {
                g.linear(p + ".gate", block, rows, hidden, inner, mlp.bias());
                g.linear(p + ".up", block, rows, hidden, inner, mlp.bias());
            }
            mlp.activation().apply(g, p + ".act", block, rows, inner);
            g.multiply(p + ".gated", block, rows, inner);
        }
        g.linear(p + ".down", block, rows, inner, hidden, mlp.bias());
    }

    /**
     * Routed experts. Routing is taken as balanced: the {@code rows x topK} token slots spread
     * as evenly as they can over as many experts as they reach, so every slot is computed
     * once. Experts no slot reaches are not read; their parameters still count.
     */
    private void experts(String p, String block, Decoder.Experts mlp) {
        long hidden = model.hidden();
        long inner = mlp.inner();
        int experts = mlp.experts();
        g.linear(p + ".router", block, rows, hidden, experts, false);
        g.softmax(p + ".router.softmax", block, rows, experts);
        // top-k as k passes of comparisons over the expert scores
        g.vector(p + ".router.top_k", "top_k", block, rows, experts, 0, mlp.topK(), 0);
        if (mlp.renormalise()) {
            g.vector(p + ".router.renormalise", "div", block, rows, mlp.topK(), 0, 1, 1);
        }
        long slots = rows * mlp.topK();
        long reached = Math.min(experts, slots);
        expertLinear(p + ".experts.gate", block, slots, reached, hidden, inner);
        expertLinear(p + ".experts.up", block, slots, reached, hidden, inner);
        mlp.activation().apply(g, p + ".experts.act", block, slots, inner);
        g.multiply(p + ".experts.gated", block, slots, inner);
        expertLinear(p + ".experts.down", block, slots, reached, inner, hidden);
        // each slot's output weighted by its routing weight and summed into its token
        g.vector(p + ".experts.combine", "mul_add", block, slots, hidden, 1, 1, 0);
        idleParams += (experts - reached) * 3 * hidden * inner;
        Decoder.Dense shared = mlp.shared();
        if (shared != null) {
            dense(p + ".shared_expert", block, shared);
            g.linear(p + ".shared_expert_gate", block, rows, hidden, 1, false);
            // sigmoid: an exponential, a sum and a division
            g.vector(p + ".shared_expert_gate.sigmoid", "sigmoid", block, rows, 1, 0, 1, 2);
            g.vector(p + ".shared_expert.scale", "mul", block, rows, hidden, 1, 0, 0);
            g.residualAdd(p + ".shared_expert.add", block, rows, hidden);
        }
    }

    /**
     * {@code slots} token slots over {@code reached} experts: each expert takes
     * {@code slots / reached}, and the remainder goes one more to each of the first experts
     * ({@code .extra}).
     */
    private void expertLinear(String name, String block, long slots, long reached, long in, long out) {
        long each = slots / reached;
        long extra = slots % reached;
        g.experts(name, block, reached - extra, each, in, out);
        if (extra > 0) {
            g.experts(name + ".extra", block, extra, each + 1, in, out);
        }
    }
}
