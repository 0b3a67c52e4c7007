package dev.weft.workload.zoo;

import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * GPT-2 (Radford et al., 2019) as Hugging Face's {@code GPT2LMHeadModel}: token and learned
 * position embeddings, pre-norm decoder layers, a final norm and the output head tied to the
 * token embedding. The head runs on the last position of each sequence only: that is all
 * generation needs, in prefill as in decode.
 */
public final class Gpt2Family implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("gpt2");
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        int hidden = config.positiveInt("n_embd");
        int layers = config.positiveInt("n_layer");
        int heads = config.positiveInt("n_head");
        int vocab = config.positiveInt("vocab_size");
        int inner = config.has("n_inner") ? config.positiveInt("n_inner") : 4 * hidden;
        int positions = config.positiveInt("n_positions");
        Blocks.requireDivisible(config, "n_head", hidden, heads);
        Decoding decoding = Decoding.of(spec);
        Blocks.requirePositions(config, "n_positions", decoding.keys());

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long rows = batch * decoding.queries();
        g.embedding("wte", "embeddings", rows, vocab, hidden, "wte.table");
        g.embedding("wpe", "embeddings", rows, positions, hidden, "wpe.table");
        g.residualAdd("embeddings.add", "embeddings", rows, hidden);
        for (int i = 0; i < layers; i++) {
            String p = "h" + i;
            g.layerNorm(p + ".ln_1", p, rows, hidden);
            Blocks.selfAttention(g, p + ".attn", p, spec, spec.attention(), batch, decoding.queries(),
                    decoding.keys(), hidden, heads, heads, true, false);
            g.residualAdd(p + ".attn.residual", p, rows, hidden);
            g.layerNorm(p + ".ln_2", p, rows, hidden);
            Blocks.geluMlp(g, p + ".mlp", p, rows, hidden, inner);
            g.residualAdd(p + ".mlp.residual", p, rows, hidden);
        }
        g.layerNorm("ln_f", "head", rows, hidden);
        g.linear("lm_head", "head", batch, hidden, vocab, false, "wte.table", StorageFormat.DENSE);
        return new Workload(modelName, "gpt2", false, spec, g.operators());
    }
}
