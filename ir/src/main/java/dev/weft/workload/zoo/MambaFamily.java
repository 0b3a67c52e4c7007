package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Mamba (Gu and Dao, 2023) as Hugging Face's {@code MambaForCausalLM}: RMSNorm pre-norm mixer
 * blocks (input projection to x and gate z, causal depthwise convolution, SiLU, the
 * data-dependent projections of dt, B and C, the selective scan, the skip term D, the SiLU
 * gate and the output projection) and a head tied to the embedding. Decode advances the
 * recurrent state by one token; there is no KV cache, so {@code --kv} changes nothing.
 */
public final class MambaFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("mamba");
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        if (spec.attention() != AttentionKind.SOFTMAX) {
            throw new WeftInputException("--attention", null, modelName + " has no attention layers to replace",
                    "leave --attention out for state-space models");
        }
        int hidden = config.positiveInt("hidden_size");
        int layers = config.positiveInt("num_hidden_layers");
        int state = config.positiveInt("state_size");
        int kernel = config.positiveInt("conv_kernel");
        int vocab = config.positiveInt("vocab_size");
        int inner = config.positiveInt("intermediate_size", config.positiveInt("expand") * hidden);
        int dtRank = config.positiveInt("time_step_rank", (hidden + 15) / 16);
        boolean projBias = config.bool("use_bias", false);
        boolean tied = config.bool("tie_word_embeddings", true);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long tokens = spec.phase() == Phase.DECODE ? 1 : spec.seq();
        long rows = batch * tokens;
        g.embedding("embeddings", "embeddings", rows, vocab, hidden, "embeddings.table");
        for (int i = 0; i < layers; i++) {
            String p = "layers" + i;
            g.rmsNorm(p + ".norm", p, rows, hidden);
            g.linear(p + ".in_proj", p, rows, hidden, 2L * inner, projBias);
            g.causalDepthwiseConv1d(p + ".conv1d", p, batch, inner, tokens, kernel);
            g.silu(p + ".conv_silu", p, rows, inner);
            g.linear(p + ".x_proj", p, rows, inner, dtRank + 2L * state, false);
            g.linear(p + ".dt_proj", p, rows, dtRank, inner, true);
            // softplus: log(1 + exp(dt)), one sum and two non-linear steps
            g.vector(p + ".dt_softplus", "softplus", p, rows, inner, 0, 1, 2);
            g.selectiveScan(p + ".scan", p, batch, tokens, inner, state);
            g.skip(p + ".skip", p, rows, inner);
            g.silu(p + ".gate_silu", p, rows, inner);
            g.multiply(p + ".gated", p, rows, inner);
            g.linear(p + ".out_proj", p, rows, inner, hidden, projBias);
            g.residualAdd(p + ".residual", p, rows, hidden);
        }
        g.rmsNorm("norm_f", "head", rows, hidden);
        String headWeight = tied ? "embeddings.table" : "lm_head.weight";
        g.linear("lm_head", "head", batch, hidden, vocab, false, headWeight, StorageFormat.DENSE);
        return new Workload(modelName, "mamba", false, spec, g.operators());
    }
}
