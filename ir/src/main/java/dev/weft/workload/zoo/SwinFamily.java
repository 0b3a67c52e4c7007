package dev.weft.workload.zoo;

import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.List;
import java.util.Set;

/**
 * Swin Transformer (Liu et al., ICCV 2021) as Hugging Face's {@code SwinForImageClassification}:
 * a 4x4 patch embedding, stages of window attention (every second block on shifted windows,
 * masked where a shifted window wraps around) with a learned relative-position bias per head,
 * patch merging between stages, and a classifier on the pooled tokens. Like Hugging Face, a
 * feature map that the window does not divide is padded up to whole windows.
 */
public final class SwinFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("swin");
    }

    @Override
    public String tokenReductionRefusal() {
        return "its window attention works on whole windows of a fixed grid, and patch merging needs the full grid";
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        Blocks.rejectDecode(spec, modelName, "it classifies whole images");
        int embed = config.positiveInt("embed_dim");
        List<Integer> depths = config.positiveInts("depths");
        List<Integer> heads = config.positiveInts("num_heads", depths.size());
        int window = config.positiveInt("window_size");
        double mlpRatio = config.positiveNumber("mlp_ratio", 4.0);
        int patch = config.positiveInt("patch_size");
        int channels = config.positiveInt("num_channels", 3);
        int labels = config.positiveInt("num_labels", 1000);
        boolean qkvBias = config.bool("qkv_bias", true);
        int image = Blocks.imageSize(config, spec);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        GraphBuilder.Conv grid = g.conv2d("patch_embed", "embeddings", batch, channels, embed, image, image, patch,
                patch, 0, true);
        long side = grid.height();
        long dim = embed;
        g.layerNorm("patch_embed.norm", "embeddings", batch * side * side, dim);
        long windowTokens = (long) window * window;
        for (int s = 0; s < depths.size(); s++) {
            int stageHeads = heads.get(s);
            Blocks.requireDivisible(config, "num_heads[" + s + "]", dim, stageHeads);
            // a feature map smaller than the window is one window (Hugging Face shrinks the window)
            long win = Math.min(window, side);
            long windowsPerSide = (side + win - 1) / win;
            long groups = batch * windowsPerSide * windowsPerSide;
            long tokensPerWindow = win * win;
            long rows = batch * side * side;
            long inner = Math.round(dim * mlpRatio);
            for (int b = 0; b < depths.get(s); b++) {
                String p = "stage" + s + ".block" + b;
                g.layerNorm(p + ".norm1", p, rows, dim);
                String attn = p + ".attn";
                g.linear(attn + ".q", p, groups * tokensPerWindow, dim, dim, qkvBias);
                g.linear(attn + ".k", p, groups * tokensPerWindow, dim, dim, qkvBias);
                g.linear(attn + ".v", p, groups * tokensPerWindow, dim, dim, qkvBias);
                long scores = groups * stageHeads * tokensPerWindow * tokensPerWindow;
                // the bias table is sized for the configured window, as in the checkpoint
                long table = (2L * window - 1) * (2L * window - 1);
                g.addLearned(attn + ".relative_position_bias", p, scores / stageHeads, stageHeads, table);
                boolean shifted = b % 2 == 1 && side > window;
                if (shifted) {
                    g.vector(attn + ".shift_mask", "add", p, scores, 1, 0, 1, 0);
                }
                AttentionLowering.lower(g, attn + ".core", p, spec, spec.attention(),
                        AttentionCore.multiHead(groups, stageHeads, tokensPerWindow, tokensPerWindow, dim / stageHeads));
                g.linear(attn + ".out", p, groups * tokensPerWindow, dim, dim, true);
                g.residualAdd(attn + ".residual", p, rows, dim);
                g.layerNorm(p + ".norm2", p, rows, dim);
                Blocks.geluMlp(g, p + ".mlp", p, rows, dim, inner);
                g.residualAdd(p + ".mlp.residual", p, rows, dim);
            }
            if (s < depths.size() - 1) {
                String p = "stage" + s + ".merge";
                side = (side + 1) / 2;
                long merged = batch * side * side;
                g.layerNorm(p + ".norm", p, merged, 4 * dim);
                g.linear(p + ".reduction", p, merged, 4 * dim, 2 * dim, false);
                dim *= 2;
            }
        }
        long rows = batch * side * side;
        g.layerNorm("norm", "head", rows, dim);
        g.vector("pool", "mean", "head", rows, dim, 0, 1, 0);
        g.linear("classifier", "head", batch, dim, labels, true);
        return new Workload(modelName, "swin", true, spec, g.operators());
    }
}
