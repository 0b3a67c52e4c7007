package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.Graph;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Vision Transformer (Dosovitskiy et al., 2021) and DeiT (Touvron et al., 2021) as Hugging
 * Face's {@code ViTForImageClassification}: a strided convolution cuts the image into patches,
 * a class token and learned positions are added, pre-norm encoder layers follow, and the
 * classifier reads the class token.
 *
 * <p>With a {@link dev.weft.workload.TokenReduction} the blocks run on fewer tokens as the
 * {@link TokenSchedule} says, and the operators that choose them (DynamicViT's predictor,
 * ToMe's matching and merge) are part of the graph; see {@link TokenReducers}.
 */
public final class VitFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("vit", "deit");
    }

    @Override
    public String tokenReductionRefusal() {
        return null;
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        Blocks.rejectDecode(spec, modelName, "it classifies whole images");
        int hidden = config.positiveInt("hidden_size");
        int layers = config.positiveInt("num_hidden_layers");
        int heads = config.positiveInt("num_attention_heads");
        int inner = config.positiveInt("intermediate_size");
        int patch = config.positiveInt("patch_size");
        int channels = config.positiveInt("num_channels", 3);
        int labels = config.positiveInt("num_labels", 1000);
        boolean qkvBias = config.bool("qkv_bias", true);
        Blocks.requireDivisible(config, "num_attention_heads", hidden, heads);
        int image = Blocks.imageSize(config, spec);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        GraphBuilder.Conv grid = g.conv2d("patch_embed", "embeddings", "pixel_values", batch, channels, hidden, image,
                image, patch, patch, 0, true);
        long tokens = grid.pixels() + 1;
        long rows = batch * tokens;
        String cls = g.vector("cls_token", "concat", "embeddings", Graph.rows(grid.output(), "prepended_to"), batch,
                hidden, 0, 0, 0, "token");
        String x = g.addLearned("position", "embeddings", Graph.concat(cls, grid.output()), rows, hidden, tokens);
        SelfAttention attention = SelfAttention.multiHead(heads, hidden / heads, qkvBias);
        TokenSchedule schedule = TokenSchedule.of(spec.tokenReduction(), grid.pixels(), layers, modelName);
        boolean sized = false;
        for (int i = 0; i < layers; i++) {
            String p = "layer" + i;
            TokenSchedule.Block b = schedule.blocks().get(i);
            if (b.prunedFrom() > 0) {
                String kept = TokenReducers.dynamicVitPredictor(g, p + ".prune", p, x, batch, b.prunedFrom(), hidden);
                x = Graph.gather(x, kept);
            }
            long attnRows = batch * b.tokens();
            String normed = g.layerNorm(p + ".norm1", p, x, attnRows, hidden);
            boolean sizeBias = sized && spec.attention() == AttentionKind.SOFTMAX;
            String attended = attention.build(g, p + ".attn", p, spec, spec.attention(), normed, attnRows, hidden,
                    batch, new Decoding.Span(1, b.tokens(), b.tokens()), null, scores -> sizeBias
                            ? TokenReducers.tomeSizeBias(g, p + ".attn.size_bias", p, scores, batch, heads, b.tokens())
                            : scores);
            x = g.residualAdd(p + ".attn.residual", p, x, attended, attnRows, hidden);
            if (b.merged() > 0) {
                x = TokenReducers.tomeMerge(g, p + ".merge", p, x, p + ".attn.k.out", batch, heads, hidden / heads,
                        b.tokens(), b.merged(), hidden);
                sized = true;
            }
            long mlpRows = batch * b.mlpTokens();
            String mlp = Blocks.geluMlp(g, p + ".mlp", p, g.layerNorm(p + ".norm2", p, x, mlpRows, hidden), mlpRows,
                    hidden, inner);
            x = g.residualAdd(p + ".mlp.residual", p, x, mlp, mlpRows, hidden);
        }
        String normed = g.layerNorm("norm", "head", x, batch * schedule.finalTokens(), hidden);
        g.linear("classifier", "head", Graph.rows(normed, "cls_token"), batch, hidden, labels, true);
        return new Workload(modelName, "vit", true, spec, g.operators());
    }
}
