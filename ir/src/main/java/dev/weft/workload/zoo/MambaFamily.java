package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Graph;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Mamba (Gu and Dao, 2023) and Mamba-2 (Dao and Gu, 2024) as Hugging Face's
 * {@code MambaForCausalLM} and {@code Mamba2ForCausalLM}: RMSNorm pre-norm mixer blocks and a
 * head tied to the embedding; the two differ in the mixer only. Decode advances the recurrent
 * state by one token; there is no KV cache, so {@code --kv} changes nothing.
 */
public final class MambaFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("mamba", "mamba2");
    }

    @Override
    public String tokenReductionRefusal() {
        return "its scan runs over every token of the sequence in order";
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        if (spec.attention() != AttentionKind.SOFTMAX) {
            throw new WeftInputException("--attention", null, modelName + " has no attention layers to replace",
                    "leave --attention out for state-space models");
        }
        if (!config.bool("use_conv_bias", true)) {
            throw new WeftInputException(config.source(), "use_conv_bias", "a convolution without bias is not modelled",
                    "remove the field");
        }
        String type = config.string("model_type");
        int hidden = config.positiveInt("hidden_size");
        int layers = config.positiveInt("num_hidden_layers");
        int vocab = config.positiveInt("vocab_size");
        boolean tied = config.bool("tie_word_embeddings", true);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long tokens = spec.phase() == Phase.DECODE ? 1 : spec.seq();
        long rows = batch * tokens;
        String x = g.embedding("embeddings", "embeddings", "input_ids", rows, vocab, hidden, "embeddings.table");
        boolean decode = spec.phase() == Phase.DECODE;
        for (int i = 0; i < layers; i++) {
            String p = "layers" + i;
            String normed = g.rmsNorm(p + ".norm", p, x, rows, hidden);
            String mixed = type.equals("mamba2")
                    ? mixer2(g, config, p, normed, decode, batch, tokens, hidden)
                    : mixer1(g, config, p, normed, decode, batch, tokens, hidden);
            x = g.residualAdd(p + ".residual", p, x, mixed, rows, hidden);
        }
        x = g.rmsNorm("norm_f", "head", x, rows, hidden);
        String headWeight = tied ? "embeddings.table" : "lm_head.weight";
        g.linear("lm_head", "head", Graph.rows(x, "last_token"), batch, hidden, vocab, false, headWeight,
                StorageFormat.DENSE);
        return new Workload(modelName, type, false, spec, g.operators());
    }

    /**
     * Mamba's mixer: input projection to x and gate z, causal depthwise convolution, SiLU, the
     * data-dependent projections of dt, B and C, the selective scan, the skip term D, the SiLU
     * gate and the output projection.
     */
    private static String mixer1(GraphBuilder g, ConfigReader config, String p, String input, boolean decode,
                                 long batch, long tokens, int hidden) {
        int state = config.positiveInt("state_size");
        int kernel = config.positiveInt("conv_kernel");
        int inner = config.positiveInt("intermediate_size", config.positiveInt("expand") * hidden);
        int dtRank = config.positiveInt("time_step_rank", (hidden + 15) / 16);
        boolean projBias = config.bool("use_bias", false);
        long rows = batch * tokens;
        String xz = g.linear(p + ".in_proj", p, input, rows, hidden, 2L * inner, projBias);
        String conv = g.causalDepthwiseConv1d(p + ".conv1d", p, convInput(p, Graph.part(xz, "x"), decode), batch,
                inner, tokens, kernel);
        String x = g.silu(p + ".conv_silu", p, conv, rows, inner);
        String dbc = g.linear(p + ".x_proj", p, x, rows, inner, dtRank + 2L * state, false);
        String dt = g.linear(p + ".dt_proj", p, Graph.part(dbc, "dt"), rows, dtRank, inner, true);
        // softplus: log(1 + exp(dt)), one sum and two non-linear steps; the scan's operator does
        // not list dt among its operands, so this result has no reader in the graph
        g.vector(p + ".dt_softplus", "softplus", p, dt, rows, inner, 0, 1, 2);
        String y = g.selectiveScan(p + ".scan", p, x, Graph.part(dbc, "bc"), batch, tokens, inner, state);
        y = g.skip(p + ".skip", p, y, x, rows, inner, 1);
        String gate = g.silu(p + ".gate_silu", p, Graph.part(xz, "z"), rows, inner);
        return g.linear(p + ".out_proj", p, g.multiply(p + ".gated", p, y, gate, rows, inner), rows, inner, hidden,
                projBias);
    }

    /** In decode the convolution's earlier steps come from the state it keeps, an input of the graph. */
    private static String convInput(String p, String x, boolean decode) {
        return decode ? Graph.concat(p + ".conv_state", x) : x;
    }

    /**
     * Mamba-2's mixer: one input projection to the gate z, x, B, C and a step per head; the
     * causal convolution over x, B and C; the state-space recurrence with one scalar decay per
     * head and B, C shared by each group of heads; the skip term D per head; the gated
     * RMSNorm; the output projection. Prefill is counted as the recurrence, not as SSD's
     * chunked matrix form, which does more products to run them on a matrix unit.
     */
    private static String mixer2(GraphBuilder g, ConfigReader config, String p, String input, boolean decode,
                                 long batch, long tokens, int hidden) {
        int state = config.positiveInt("state_size");
        int kernel = config.positiveInt("conv_kernel");
        int heads = config.positiveInt("num_heads");
        int headDim = config.positiveInt("head_dim");
        int groups = config.positiveInt("n_groups", 8);
        int inner = config.positiveInt("expand") * hidden;
        if ((long) heads * headDim != inner) {
            throw new WeftInputException(config.source(), "num_heads", heads + " heads of " + headDim
                    + " do not make the inner width expand x hidden_size = " + inner,
                    "give num_heads x head_dim = expand x hidden_size");
        }
        Blocks.requireDivisible(config, "n_groups", heads, groups);
        boolean projBias = config.bool("use_bias", false);
        long rows = batch * tokens;
        long convChannels = inner + 2L * groups * state;
        String projected = g.linear(p + ".in_proj", p, input, rows, hidden, inner + convChannels + heads, projBias);
        String conv = g.causalDepthwiseConv1d(p + ".conv1d", p, convInput(p, Graph.part(projected, "xBC"), decode),
                batch, convChannels, tokens, kernel);
        String xbc = g.silu(p + ".conv_silu", p, conv, rows, convChannels);
        String x = Graph.part(xbc, "x");
        // dt + dt_bias, then softplus: log(1 + exp(dt)), two sums and two non-linear steps
        String dt = g.vector(p + ".dt_softplus", "softplus", p, Graph.part(projected, "dt"), rows, heads, 0, 2, 2,
                "dt_bias");
        String y = g.stateSpaceScan(p + ".scan", p, x, dt, Graph.part(xbc, "b"), Graph.part(xbc, "c"), batch, tokens,
                groups, heads / groups, headDim, state);
        y = g.skip(p + ".skip", p, y, x, rows, heads, headDim);
        String gate = g.silu(p + ".gate_silu", p, Graph.part(projected, "z"), rows, inner);
        String gated = g.rmsNorm(p + ".gated_norm", p, g.multiply(p + ".gated", p, y, gate, rows, inner), rows, inner);
        return g.linear(p + ".out_proj", p, gated, rows, inner, hidden, projBias);
    }
}
