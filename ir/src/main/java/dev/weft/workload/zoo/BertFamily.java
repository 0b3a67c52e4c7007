package dev.weft.workload.zoo;

import dev.weft.workload.Graph;
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
        String word = g.embedding("embeddings.word", "embeddings", "input_ids", rows, vocab, hidden,
                "embeddings.word.table");
        String type = g.embedding("embeddings.token_type", "embeddings", "token_type_ids", rows, types, hidden,
                "embeddings.token_type.table");
        String x = g.residualAdd("embeddings.add_token_type", "embeddings", word, type, rows, hidden);
        String position = g.embedding("embeddings.position", "embeddings", "position_ids", rows, positions, hidden,
                "embeddings.position.table");
        x = g.residualAdd("embeddings.add_position", "embeddings", x, position, rows, hidden);
        x = g.layerNorm("embeddings.norm", "embeddings", x, rows, hidden);
        SelfAttention attention = SelfAttention.multiHead(heads, hidden / heads, true);
        Decoding.Span span = new Decoding.Span(1, seq, seq);
        for (int i = 0; i < layers; i++) {
            String p = "layer" + i;
            String attended = attention.build(g, p + ".attn", p, spec, spec.attention(), x, rows, hidden, batch, span);
            x = g.residualAdd(p + ".attn.residual", p, x, attended, rows, hidden);
            x = g.layerNorm(p + ".attn.norm", p, x, rows, hidden);
            String mlp = Blocks.geluMlp(g, p + ".mlp", p, x, rows, hidden, inner);
            x = g.residualAdd(p + ".mlp.residual", p, x, mlp, rows, hidden);
            x = g.layerNorm(p + ".mlp.norm", p, x, rows, hidden);
        }
        String first = g.linear("pooler.dense", "pooler", Graph.rows(x, "first_token"), batch, hidden, hidden, true);
        g.vector("pooler.tanh", "tanh", "pooler", first, batch, hidden, 0, 0, 1);
        return new Workload(modelName, "bert", false, spec, g.operators());
    }
}
