package dev.weft.workload.zoo;

import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * BERT (Devlin et al., 2019) as Hugging Face's {@code BertModel}: word, position and token-type
 * embeddings, post-norm encoder layers, and the pooler on the first token.
 */
public final class BertFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("bert");
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        Blocks.rejectDecode(spec, modelName, "BERT is an encoder; it reads whole sequences");
        int hidden = config.positiveInt("hidden_size");
        int layers = config.positiveInt("num_hidden_layers");
        int heads = config.positiveInt("num_attention_heads");
        int inner = config.positiveInt("intermediate_size");
        int vocab = config.positiveInt("vocab_size");
        int types = config.positiveInt("type_vocab_size", 2);
        Blocks.requireDivisible(config, "num_attention_heads", hidden, heads);
        Blocks.requirePositions(config, "max_position_embeddings", spec.seq());
        int positions = config.positiveInt("max_position_embeddings");

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long seq = spec.seq();
        long rows = batch * seq;
        g.embedding("embeddings.word", "embeddings", rows, vocab, hidden, "embeddings.word.table");
        g.embedding("embeddings.token_type", "embeddings", rows, types, hidden, "embeddings.token_type.table");
        g.residualAdd("embeddings.add_token_type", "embeddings", rows, hidden);
        g.embedding("embeddings.position", "embeddings", rows, positions, hidden, "embeddings.position.table");
        g.residualAdd("embeddings.add_position", "embeddings", rows, hidden);
        g.layerNorm("embeddings.norm", "embeddings", rows, hidden);
        SelfAttention attention = SelfAttention.multiHead(heads, hidden / heads, true);
        Decoding.Span span = new Decoding.Span(1, seq, seq);
        for (int i = 0; i < layers; i++) {
            String p = "layer" + i;
            attention.build(g, p + ".attn", p, spec, spec.attention(), rows, hidden, batch, span);
            g.residualAdd(p + ".attn.residual", p, rows, hidden);
            g.layerNorm(p + ".attn.norm", p, rows, hidden);
            Blocks.geluMlp(g, p + ".mlp", p, rows, hidden, inner);
            g.residualAdd(p + ".mlp.residual", p, rows, hidden);
            g.layerNorm(p + ".mlp.norm", p, rows, hidden);
        }
        g.linear("pooler.dense", "pooler", batch, hidden, hidden, true);
        g.vector("pooler.tanh", "tanh", "pooler", batch, hidden, 0, 0, 1);
        return new Workload(modelName, "bert", false, spec, g.operators());
    }
}
