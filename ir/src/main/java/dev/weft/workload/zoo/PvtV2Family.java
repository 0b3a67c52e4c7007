package dev.weft.workload.zoo;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.Graph;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.List;
import java.util.Set;

/**
 * PVTv2 (Wang et al., 2022) as Hugging Face's {@code PvtV2ForImageClassification}: four stages,
 * each opened by an overlapping patch embedding (a strided convolution wider than its stride,
 * then LayerNorm), with spatial-reduction attention (keys and values from a feature map shrunk
 * by a strided convolution and LayerNorm) and an MLP with a 3x3 depthwise convolution between
 * its two layers.
 *
 * <p>Efficient-attention variants follow EcoFormer's PVTv2 models: the last stage keeps
 * softmax attention. Without spatial reduction ({@link WorkloadSpec#spatialReduction()} off)
 * keys and values come from the full feature map, as in EcoFormer's released models and their
 * softmax baseline (ziplab/EcoFormer a277f9e, {@code pvt/pvt_v2.py}: {@code Attention} and
 * {@code EcoformerSelfAttention} have no {@code sr} convolution). EcoFormer's blocks project
 * queries and keys with one {@code to_qk} ({@code pvt/performer.py},
 * {@code EcoformerSelfAttention}), which {@link WorkloadSpec#sharesQk} follows where keys are
 * not reduced.
 */
public final class PvtV2Family implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("pvt_v2");
    }

    @Override
    public String tokenReductionRefusal() {
        return "its spatial-reduction attention and convolutional MLP work on the full feature map";
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        Blocks.rejectDecode(spec, modelName, "it classifies whole images");
        int stages = config.positiveInt("num_encoder_blocks");
        List<Integer> widths = config.positiveInts("hidden_sizes", stages);
        List<Integer> depths = config.positiveInts("depths", stages);
        List<Integer> heads = config.positiveInts("num_attention_heads", stages);
        List<Integer> srRatios = config.positiveInts("sr_ratios", stages);
        List<Integer> mlpRatios = config.positiveInts("mlp_ratios", stages);
        List<Integer> patches = config.positiveInts("patch_sizes", stages);
        List<Integer> strides = config.positiveInts("strides", stages);
        int channels = config.positiveInt("num_channels", 3);
        int labels = config.positiveInt("num_labels", 1000);
        boolean qkvBias = config.bool("qkv_bias", true);
        int image = Blocks.imageSize(config, spec);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        long batch = spec.batch();
        long height = image;
        long width = image;
        long in = channels;
        String x = "pixel_values";
        for (int s = 0; s < stages; s++) {
            long dim = widths.get(s);
            int stageHeads = heads.get(s);
            Blocks.requireDivisible(config, "num_attention_heads[" + s + "]", dim, stageHeads);
            String embed = "stage" + s + ".patch_embed";
            int patch = patches.get(s);
            GraphBuilder.Conv grid = g.conv2d(embed, embed, x, batch, in, dim, height, width, patch, strides.get(s),
                    patch / 2, true);
            height = grid.height();
            width = grid.width();
            long tokens = grid.pixels();
            long rows = batch * tokens;
            x = g.layerNorm(embed + ".norm", embed, grid.output(), rows, dim);
            int sr = srRatios.get(s);
            boolean reduce = spec.spatialReduction() && sr > 1;
            AttentionKind kind = s == stages - 1 ? AttentionKind.SOFTMAX : spec.attention();
            long inner = dim * mlpRatios.get(s);
            for (int b = 0; b < depths.get(s); b++) {
                String p = "stage" + s + ".block" + b;
                String attn = p + ".attn";
                String normed = g.layerNorm(p + ".norm1", p, x, rows, dim);
                boolean sharedQk = spec.sharesQk(kind) && !reduce;
                String q = g.linear(attn + (sharedQk ? ".qk" : ".q"), p, normed, rows, dim, dim, qkvBias);
                long keys = tokens;
                String kvSource = normed;
                if (reduce) {
                    GraphBuilder.Conv reduced = g.conv2d(attn + ".sr", p, normed, batch, dim, dim, height, width, sr,
                            sr, 0, true);
                    keys = reduced.pixels();
                    kvSource = g.layerNorm(attn + ".sr_norm", p, reduced.output(), batch * keys, dim);
                }
                String k = sharedQk ? q : g.linear(attn + ".k", p, kvSource, batch * keys, dim, dim, qkvBias);
                String v = g.linear(attn + ".v", p, kvSource, batch * keys, dim, dim, qkvBias);
                String context = AttentionLowering.lower(g, attn + ".core", p, spec, kind,
                        AttentionCore.multiHead(batch, stageHeads, tokens, keys, dim / stageHeads),
                        AttentionLowering.Operands.of(q, k, v));
                String attended = g.linear(attn + ".out", p, context, rows, dim, dim, true);
                x = g.residualAdd(attn + ".residual", p, x, attended, rows, dim);
                String mlp = g.linear(p + ".mlp.fc1", p, g.layerNorm(p + ".norm2", p, x, rows, dim), rows, dim, inner,
                        true);
                mlp = g.depthwiseConv2d(p + ".mlp.dwconv", p, mlp, batch, inner, height, width, 3, 1, 1, true)
                        .output();
                mlp = g.gelu(p + ".mlp.gelu", p, mlp, rows, inner);
                mlp = g.linear(p + ".mlp.fc2", p, mlp, rows, inner, dim, true);
                x = g.residualAdd(p + ".mlp.residual", p, x, mlp, rows, dim);
            }
            x = g.layerNorm("stage" + s + ".norm", "stage" + s, x, rows, dim);
            in = dim;
        }
        long last = widths.get(stages - 1);
        String pooled = g.vector("pool", "mean", "head", x, batch * height * width, last, 0, 1, 0);
        g.linear("classifier", "head", Graph.rows(pooled, "mean"), batch, last, labels, true);
        return new Workload(modelName, "pvt_v2", true, spec, g.operators());
    }
}
