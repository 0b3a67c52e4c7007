package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * T5 (Raffel et al., 2020) and mT5 as Hugging Face's {@code T5ForConditionalGeneration}: an
 * encoder and a decoder of pre-norm layers (RMSNorm, no biases anywhere), a relative-position
 * bias per head learned in the first layer of each stack and added to every layer's scores,
 * cross-attention from the decoder to the encoded input, ReLU or gated-GELU MLPs, and an
 * output head that, when tied to the embedding (T5 v1.0), reads the decoder's output scaled
 * by 1/sqrt(d_model).
 *
 * <p>Prefill encodes the {@code --seq} input tokens and runs the decoder's first step.
 * Decode runs one decoder step against {@code --kv} decoded tokens and the {@code --seq}
 * encoded ones, whose cross-attention keys and values were projected once, at prefill: the
 * encoder's weights and those projections are then idle parameters.
 */
public final class T5Family implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return Set.of("t5", "mt5");
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        int hidden = config.positiveInt("d_model");
        int headDim = config.positiveInt("d_kv");
        int heads = config.positiveInt("num_heads");
        int encoderLayers = config.positiveInt("num_layers");
        int decoderLayers = config.positiveInt("num_decoder_layers", encoderLayers);
        int vocab = config.positiveInt("vocab_size");
        int buckets = config.positiveInt("relative_attention_num_buckets", 32);
        boolean tied = config.bool("tie_word_embeddings", true);
        Decoder.Dense mlp = mlp(config);
        if (spec.seq() <= 0) {
            throw new WeftInputException("--seq", null, modelName + " cross-attends to an encoded input of --seq tokens",
                    "give the input length with --seq, in decode too");
        }
        boolean decode = spec.phase() == Phase.DECODE;
        long batch = spec.batch();
        long inputs = spec.seq();
        long encodedRows = batch * inputs;
        long decodedKeys = decode ? Math.max(1L, spec.kvLength()) : 1;
        SelfAttention attention = new SelfAttention(heads, heads, headDim, false, false, false, 0, 0, true);

        GraphBuilder g = new GraphBuilder(spec.dtype(), spec.sparsity());
        // weights this step does not read: counted as parameters, not as work
        GraphBuilder idle = new GraphBuilder(spec.dtype(), spec.sparsity());
        GraphBuilder encoder = decode ? idle : g;
        // in decode the encoder is idle: its operators, and so their tensor names, are not in the graph
        String x = decode ? "input_ids" : g.embedding("encoder.embed_tokens", "encoder", "input_ids", encodedRows,
                vocab, hidden, "shared.table");
        String bias = null;
        for (int i = 0; i < encoderLayers; i++) {
            String p = "encoder.layers" + i;
            if (i == 0) {
                bias = encoder.embedding("encoder.relative_bias", p, "encoder.relative_position_buckets",
                        inputs * inputs, buckets, heads, "encoder.relative_bias.table");
            }
            String attended = attention.build(encoder, p + ".attn", p, spec, spec.attention(),
                    encoder.rmsNorm(p + ".attn_norm", p, x, encodedRows, hidden), encodedRows, hidden, batch,
                    new Decoding.Span(1, inputs, inputs), bias, UnaryOperator.identity());
            x = encoder.residualAdd(p + ".attn.residual", p, x, attended, encodedRows, hidden);
            String ffn = DecoderGraph.denseMlp(encoder, p + ".mlp", p,
                    encoder.rmsNorm(p + ".mlp_norm", p, x, encodedRows, hidden), encodedRows, hidden, mlp);
            x = encoder.residualAdd(p + ".mlp.residual", p, x, ffn, encodedRows, hidden);
        }
        String encoded = encoder.rmsNorm("encoder.norm", "encoder", x, encodedRows, hidden);

        x = g.embedding("decoder.embed_tokens", "decoder", "decoder_input_ids", batch, vocab, hidden, "shared.table");
        long width = (long) heads * headDim;
        for (int i = 0; i < decoderLayers; i++) {
            String p = "decoder.layers" + i;
            if (i == 0) {
                bias = g.embedding("decoder.relative_bias", p, "decoder.relative_position_buckets", decodedKeys,
                        buckets, heads, "decoder.relative_bias.table");
            }
            String attended = attention.build(g, p + ".attn", p, spec, spec.attention(),
                    g.rmsNorm(p + ".attn_norm", p, x, batch, hidden), batch, hidden, batch,
                    new Decoding.Span(1, 1, decodedKeys), bias, UnaryOperator.identity());
            x = g.residualAdd(p + ".attn.residual", p, x, attended, batch, hidden);
            String q = g.linear(p + ".cross.q", p, g.rmsNorm(p + ".cross_norm", p, x, batch, hidden), batch, hidden,
                    width, false);
            // in decode the cross-attention keys and values are those prefill projected
            String k = encoder.linear(p + ".cross.k", p, encoded, encodedRows, hidden, width, false);
            String v = encoder.linear(p + ".cross.v", p, encoded, encodedRows, hidden, width, false);
            if (decode) {
                k = p + ".cross.k_cache";
                v = p + ".cross.v_cache";
            }
            String context = AttentionLowering.lower(g, p + ".cross.core", p, spec, spec.attention(),
                    AttentionCore.multiHead(batch, heads, 1, inputs, headDim), AttentionLowering.Operands.of(q, k, v));
            String crossed = g.linear(p + ".cross.out", p, context, batch, width, hidden, false);
            x = g.residualAdd(p + ".cross.residual", p, x, crossed, batch, hidden);
            String ffn = DecoderGraph.denseMlp(g, p + ".mlp", p, g.rmsNorm(p + ".mlp_norm", p, x, batch, hidden),
                    batch, hidden, mlp);
            x = g.residualAdd(p + ".mlp.residual", p, x, ffn, batch, hidden);
        }
        x = g.rmsNorm("decoder.norm", "head", x, batch, hidden);
        if (tied) {
            x = g.vector("lm_head.scale", "mul", "head", x, batch, hidden, 1, 0, 0);
        }
        g.linear("lm_head", "head", x, batch, hidden, vocab, false, tied ? "shared.table" : "lm_head.weight",
                StorageFormat.DENSE);
        long idleParams = new Workload(modelName, "t5", false, spec, idle.operators()).params();
        return new Workload(modelName, config.string("model_type"), false, spec, g.operators(), idleParams);
    }

    /**
     * {@code feed_forward_proj}: an activation, {@code gated-} in front for a gated MLP; like
     * transformers, gated-gelu means the tanh GELU.
     */
    private static Decoder.Dense mlp(ConfigReader config) {
        String proj = config.has("feed_forward_proj") ? config.string("feed_forward_proj") : "relu";
        boolean gated = proj.startsWith("gated-");
        String name = gated ? proj.substring("gated-".length()) : proj;
        Activation act = Activation.named(gated && name.equals("gelu") ? "gelu_new" : name, config,
                "feed_forward_proj");
        return new Decoder.Dense(config.positiveInt("d_ff"), gated, act, false, false);
    }
}
