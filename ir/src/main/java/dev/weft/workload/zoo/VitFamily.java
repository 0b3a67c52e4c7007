package dev.weft.workload.zoo;

import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Vision Transformer (Dosovitskiy et al., 2021) and DeiT (Touvron et al., 2021) as Hugging
 * Face's {@code ViTForImageClassification}: a strided convolution cuts the image into patches,
 * a class token and learned positions are added, pre-norm encoder layers follow, and the
 * classifier reads the class token.
 */
public final class VitFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("vit", "deit");
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
        GraphBuilder.Conv grid = g.conv2d("patch_embed", "embeddings", batch, channels, hidden, image, image, patch,
                patch, 0, true);
        long tokens = grid.pixels() + 1;
        long rows = batch * tokens;
        g.vector("cls_token", "concat", "embeddings", batch, hidden, 0, 0, 0, "token");
        g.addLearned("position", "embeddings", rows, hidden, tokens);
        SelfAttention attention = SelfAttention.multiHead(heads, hidden / heads, qkvBias);
        Decoding.Span span = new Decoding.Span(1, tokens, tokens);
        for (int i = 0; i < layers; i++) {
            String p = "layer" + i;
            g.layerNorm(p + ".norm1", p, rows, hidden);
            attention.build(g, p + ".attn", p, spec, spec.attention(), rows, hidden, batch, span);
            g.residualAdd(p + ".attn.residual", p, rows, hidden);
            g.layerNorm(p + ".norm2", p, rows, hidden);
            Blocks.geluMlp(g, p + ".mlp", p, rows, hidden, inner);
            g.residualAdd(p + ".mlp.residual", p, rows, hidden);
        }
        g.layerNorm("norm", "head", rows, hidden);
        g.linear("classifier", "head", batch, hidden, labels, true);
        return new Workload(modelName, "vit", true, spec, g.operators());
    }
}
