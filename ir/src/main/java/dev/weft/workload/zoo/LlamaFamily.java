package dev.weft.workload.zoo;

import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Llama 2 (Touvron et al., 2023) as Hugging Face's {@code LlamaForCausalLM}: RMSNorm pre-norm
 * layers, rotary embeddings on Q and K, grouped-query attention when
 * {@code num_key_value_heads < num_attention_heads}, a SwiGLU MLP, and an untied output head
 * run on the last position of each sequence.
 */
public final class LlamaFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("llama");
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        int hidden = config.positiveInt("hidden_size");
        int layers = config.positiveInt("num_hidden_layers");
        int heads = config.positiveInt("num_attention_heads");
        int kvHeads = config.positiveInt("num_key_value_heads", heads);
        int inner = config.positiveInt("intermediate_size");
        int vocab = config.positiveInt("vocab_size");
        boolean tied = config.bool("tie_word_embeddings", false);
        Blocks.requireDivisible(config, "num_attention_heads", hidden, heads);
        Blocks.requireDivisible(config, "num_key_value_heads", heads, kvHeads);
        Decoding decoding = Decoding.of(spec);
        Blocks.requirePositions(config, "max_position_embeddings", decoding.keys());

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long rows = batch * decoding.queries();
        g.embedding("embed_tokens", "embeddings", rows, vocab, hidden, "embed_tokens.table");
        for (int i = 0; i < layers; i++) {
            String p = "layers" + i;
            g.rmsNorm(p + ".input_norm", p, rows, hidden);
            Blocks.selfAttention(g, p + ".attn", p, spec, spec.attention(), batch, decoding.queries(),
                    decoding.keys(), hidden, heads, kvHeads, false, true);
            g.residualAdd(p + ".attn.residual", p, rows, hidden);
            g.rmsNorm(p + ".post_attention_norm", p, rows, hidden);
            g.linear(p + ".mlp.gate", p, rows, hidden, inner, false);
            g.linear(p + ".mlp.up", p, rows, hidden, inner, false);
            g.silu(p + ".mlp.silu", p, rows, inner);
            g.multiply(p + ".mlp.gated", p, rows, inner);
            g.linear(p + ".mlp.down", p, rows, inner, hidden, false);
            g.residualAdd(p + ".mlp.residual", p, rows, hidden);
        }
        g.rmsNorm("norm", "head", rows, hidden);
        String headWeight = tied ? "embed_tokens.table" : "lm_head.weight";
        g.linear("lm_head", "head", batch, hidden, vocab, false, headWeight, StorageFormat.DENSE);
        return new Workload(modelName, "llama", false, spec, g.operators());
    }
}
