package dev.weft.workload.zoo;

import dev.weft.workload.Graph;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

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
        GraphBuilder.Conv grid = g.conv2d("patch_embed", "embeddings", "pixel_values", batch, channels, embed, image,
                image, patch, patch, 0, true);
        long side = grid.height();
        long dim = embed;
        String x = g.layerNorm("patch_embed.norm", "embeddings", grid.output(), batch * side * side, dim);
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
            // windows cover a feature map the window does not divide with padding tokens
            boolean padded = groups * tokensPerWindow != rows;
            long inner = Math.round(dim * mlpRatio);
            for (int b = 0; b < depths.get(s); b++) {
                String p = "stage" + s + ".block" + b;
                String normed = g.layerNorm(p + ".norm1", p, x, rows, dim);
                if (padded) {
                    normed = Graph.rows(normed, "padded_to_windows");
                }
                String attn = p + ".attn";
                boolean sharedQk = spec.sharesQk(spec.attention());
                String q = g.linear(attn + (sharedQk ? ".qk" : ".q"), p, normed, groups * tokensPerWindow, dim, dim,
                        qkvBias);
                String k = sharedQk ? q : g.linear(attn + ".k", p, normed, groups * tokensPerWindow, dim, dim, qkvBias);
                String v = g.linear(attn + ".v", p, normed, groups * tokensPerWindow, dim, dim, qkvBias);
                long scores = groups * stageHeads * tokensPerWindow * tokensPerWindow;
                // the bias table is sized for the configured window, as in the checkpoint
                long table = (2L * window - 1) * (2L * window - 1);
                boolean shifted = b % 2 == 1 && side > window;
                UnaryOperator<String> scoreTerms = raw -> {
                    String biased = g.addLearned(attn + ".relative_position_bias", p, raw, scores / stageHeads,
                            stageHeads, table);
                    return shifted ? g.vector(attn + ".shift_mask", "add", p, biased, scores, 1, 0, 1, 0) : biased;
                };
                String context = AttentionLowering.lower(g, attn + ".core", p, spec, spec.attention(),
                        AttentionCore.multiHead(groups, stageHeads, tokensPerWindow, tokensPerWindow, dim / stageHeads),
                        AttentionLowering.Operands.of(q, k, v).withScoreTerms(scoreTerms));
                String attended = g.linear(attn + ".out", p, context, groups * tokensPerWindow, dim, dim, true);
                if (padded) {
                    attended = Graph.rows(attended, "unpadded");
                }
                x = g.residualAdd(attn + ".residual", p, x, attended, rows, dim);
                String mlp = Blocks.geluMlp(g, p + ".mlp", p, g.layerNorm(p + ".norm2", p, x, rows, dim), rows, dim,
                        inner);
                x = g.residualAdd(p + ".mlp.residual", p, x, mlp, rows, dim);
            }
            if (s < depths.size() - 1) {
                String p = "stage" + s + ".merge";
                if (side % 2 == 1) {
                    // an odd side is padded by a row and a column to make whole 2x2 neighbourhoods
                    x = Graph.rows(x, "padded_to_even");
                }
                side = (side + 1) / 2;
                long merged = batch * side * side;
                // each row joins a 2x2 neighbourhood of tokens: the same elements, regrouped
                x = g.layerNorm(p + ".norm", p, x, merged, 4 * dim);
                x = g.linear(p + ".reduction", p, x, merged, 4 * dim, 2 * dim, false);
                dim *= 2;
            }
        }
        long rows = batch * side * side;
        String normed = g.layerNorm("norm", "head", x, rows, dim);
        String pooled = g.vector("pool", "mean", "head", normed, rows, dim, 0, 1, 0);
        g.linear("classifier", "head", Graph.rows(pooled, "mean"), batch, dim, labels, true);
        return new Workload(modelName, "swin", true, spec, g.operators());
    }
}
