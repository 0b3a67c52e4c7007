package dev.weft.workload.zoo;

import dev.weft.workload.Graph;
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
        String x = g.embedding("embed_tokens", "embeddings", "input_ids", rows, model.vocab(), hidden,
                "embed_tokens.table");
        if (model.positions() != null) {
            long table = (long) model.maxPositions() + model.positions().offset();
            String positions = g.embedding("embed_positions", "embeddings", "position_ids", rows, table, hidden,
                    "embed_positions.table");
            x = g.residualAdd("embeddings.add", "embeddings", x, positions, rows, hidden);
        }
        if (model.scaleEmbedding()) {
            x = g.vector("embeddings.scale", "mul", "embeddings", x, rows, hidden, 1, 0, 0);
        }
        for (int i = 0; i < model.layers().size(); i++) {
            x = layer("layers" + i, model.layers().get(i), x);
        }
        x = norm("norm", "head", x);
        String headWeight = model.tied() ? "embed_tokens.table" : "lm_head.weight";
        String logits = g.linear("lm_head", "head", Graph.rows(x, "last_token"), batch, hidden, model.vocab(), false,
                headWeight, StorageFormat.DENSE);
        if (model.finalSoftcap() > 0) {
            // cap * tanh(logit / cap)
            g.vector("lm_head.softcap", "softcap", "head", logits, batch, model.vocab(), 2, 0, 1);
        }
        return new Workload(modelName, model.modelType(), false, spec, g.operators(), idleParams);
    }

    /** One layer on the residual stream {@code x}; returns the stream after it. */
    private String layer(String p, Decoder.Layer layer, String x) {
        long hidden = model.hidden();
        Decoding.Span span = decoding.span(layer.window());
        return switch (model.residual()) {
            case SEQUENTIAL -> {
                String attended = attention(p, span, norm(p + ".attn_norm", p, x));
                String mid = residual(p + ".attn", p, x, attended);
                String mlp = mlp(p + ".mlp", p, layer.mlp(), norm(p + ".mlp_norm", p, mid));
                yield residual(p + ".mlp", p, mid, mlp);
            }
            case PARALLEL_SHARED_NORM, PARALLEL -> {
                String normed = norm(p + ".attn_norm", p, x);
                String attended = attention(p, span, normed);
                if (model.residual() == Decoder.Residual.PARALLEL) {
                    normed = norm(p + ".mlp_norm", p, x);
                }
                String mlp = mlp(p + ".mlp", p, layer.mlp(), normed);
                // x + attn + mlp: two sums of two terms
                String sum = g.residualAdd(p + ".attn.residual", p, x, attended, rows, hidden);
                yield g.residualAdd(p + ".mlp.residual", p, sum, mlp, rows, hidden);
            }
        };
    }

    private String attention(String p, Decoding.Span span, String input) {
        return model.attention().build(g, p + ".attn", p, spec, spec.attention(), input, rows, model.hidden(), batch,
                span);
    }

    /** A sublayer's output joins the residual stream, normalised first under sandwich norms. */
    private String residual(String sublayer, String block, String stream, String output) {
        String joining = model.sandwichNorms() ? norm(sublayer + ".post_norm", block, output) : output;
        return g.residualAdd(sublayer + ".residual", block, stream, joining, rows, model.hidden());
    }

    private String norm(String name, String block, String input) {
        return switch (model.norm()) {
            case LAYER -> g.layerNorm(name, block, input, rows, model.hidden());
            case RMS -> g.rmsNorm(name, block, input, rows, model.hidden());
        };
    }

    private String mlp(String p, String block, Decoder.Mlp mlp, String input) {
        if (mlp instanceof Decoder.Experts experts) {
            return experts(p, block, experts, input);
        }
        return dense(p, block, (Decoder.Dense) mlp, input);
    }

    private String dense(String p, String block, Decoder.Dense mlp, String input) {
        return denseMlp(g, p, block, input, rows, model.hidden(), mlp);
    }

    /** A dense MLP on {@code rows} tokens of {@code hidden} (T5's layers build theirs here too). */
    static String denseMlp(GraphBuilder g, String p, String block, String input, long rows, long hidden,
                           Decoder.Dense mlp) {
        long inner = mlp.inner();
        String hiddenActs;
        if (!mlp.gated()) {
            String up = g.linear(p + ".up", block, input, rows, hidden, inner, mlp.bias());
            hiddenActs = mlp.activation().apply(g, p + ".act", block, up, rows, inner);
        } else {
            String gate;
            String up;
            if (mlp.fused()) {
                String gateUp = g.linear(p + ".gate_up", block, input, rows, hidden, 2 * inner, mlp.bias());
                gate = Graph.part(gateUp, "gate");
                up = Graph.part(gateUp, "up");
            } else {
                gate = g.linear(p + ".gate", block, input, rows, hidden, inner, mlp.bias());
                up = g.linear(p + ".up", block, input, rows, hidden, inner, mlp.bias());
            }
            String act = mlp.activation().apply(g, p + ".act", block, gate, rows, inner);
            hiddenActs = g.multiply(p + ".gated", block, act, up, rows, inner);
        }
        return g.linear(p + ".down", block, hiddenActs, rows, inner, hidden, mlp.bias());
    }

    /**
     * Routed experts. Routing is taken as balanced: the {@code rows x topK} token slots spread
     * as evenly as they can over as many experts as they reach, so every slot is computed
     * once. Experts no slot reaches are not read; their parameters still count.
     */
    private String experts(String p, String block, Decoder.Experts mlp, String input) {
        long hidden = model.hidden();
        long inner = mlp.inner();
        int experts = mlp.experts();
        String router = g.linear(p + ".router", block, input, rows, hidden, experts, false);
        router = g.softmax(p + ".router.softmax", block, router, rows, experts);
        // top-k as k passes of comparisons over the expert scores
        String chosen = g.vector(p + ".router.top_k", "top_k", block, router, rows, experts, 0, mlp.topK(), 0);
        String routing = chosen;
        if (mlp.renormalise()) {
            routing = g.vector(p + ".router.renormalise", "div", block, Graph.part(chosen, "top_k"), rows,
                    mlp.topK(), 0, 1, 1);
        }
        long slots = rows * mlp.topK();
        long reached = Math.min(experts, slots);
        // each token's row goes to each of its top-k experts
        String dispatched = Graph.gather(input, chosen);
        String gate = expertLinear(p + ".experts.gate", block, dispatched, false, slots, reached, hidden, inner);
        String up = expertLinear(p + ".experts.up", block, dispatched, false, slots, reached, hidden, inner);
        String act = mlp.activation().apply(g, p + ".experts.act", block, gate, slots, inner);
        String gated = g.multiply(p + ".experts.gated", block, act, up, slots, inner);
        String down = expertLinear(p + ".experts.down", block, gated, true, slots, reached, inner, hidden);
        // each slot's output weighted by its routing weight and summed into its token
        String combined = Graph.gather(g.vector(p + ".experts.combine", "mul_add", block, down, slots, hidden, 1, 1, 0),
                routing);
        idleParams += (experts - reached) * 3 * hidden * inner;
        Decoder.Dense shared = mlp.shared();
        if (shared == null) {
            return combined;
        }
        String sharedOut = dense(p + ".shared_expert", block, shared, input);
        String sharedGate = g.linear(p + ".shared_expert_gate", block, input, rows, hidden, 1, false);
        // sigmoid: an exponential, a sum and a division
        g.vector(p + ".shared_expert_gate.sigmoid", "sigmoid", block, sharedGate, rows, 1, 0, 1, 2);
        String scaled = g.vector(p + ".shared_expert.scale", "mul", block, sharedOut, rows, hidden, 1, 0, 0);
        return g.residualAdd(p + ".shared_expert.add", block, combined, scaled, rows, hidden);
    }

    /**
     * {@code slots} token slots over {@code reached} experts: each expert takes
     * {@code slots / reached}, and the remainder goes one more to each of the first experts
     * ({@code .extra}). With {@code split} the two groups read their own slots of {@code input};
     * otherwise {@code input} is a gather that picks each group's slots.
     */
    private String expertLinear(String name, String block, String input, boolean split, long slots, long reached,
                                long in, long out) {
        long each = slots / reached;
        long extra = slots % reached;
        if (extra == 0) {
            return g.experts(name, block, input, reached, each, in, out);
        }
        String first = g.experts(name, block, split ? Graph.part(input, "experts") : input, reached - extra, each, in,
                out);
        return Graph.concat(first, g.experts(name + ".extra", block, split ? Graph.part(input, "extra") : input,
                extra, each + 1, in, out));
    }
}
