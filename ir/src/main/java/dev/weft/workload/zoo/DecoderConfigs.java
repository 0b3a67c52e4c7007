package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Reads the Hugging Face {@code config.json} of each decoder {@code model_type} into a
 * {@link Decoder}: the field names and defaults are the transformers library's. A field that
 * would change the arithmetic in a way Weft does not model is refused by name; fields that
 * only change values (epsilons, rotary bases and {@code rope_scaling}, whose cosines and sines
 * are tables computed once, dropout, token ids) are read by nobody.
 */
final class DecoderConfigs {
    private DecoderConfigs() {
    }

    private static final Map<String, Function<ConfigReader, Decoder>> READERS = Map.ofEntries(
            Map.entry("gpt2", DecoderConfigs::gpt2),
            Map.entry("llama", DecoderConfigs::llamaLike),
            Map.entry("mistral", DecoderConfigs::llamaLike),
            Map.entry("mixtral", DecoderConfigs::llamaLike),
            Map.entry("qwen2", DecoderConfigs::llamaLike),
            Map.entry("qwen2_moe", DecoderConfigs::llamaLike),
            Map.entry("phi3", DecoderConfigs::llamaLike),
            Map.entry("gemma", DecoderConfigs::llamaLike),
            Map.entry("gemma2", DecoderConfigs::llamaLike),
            Map.entry("gpt_neox", DecoderConfigs::gptNeox),
            Map.entry("opt", DecoderConfigs::opt),
            Map.entry("falcon", DecoderConfigs::falcon));

    static Set<String> modelTypes() {
        return READERS.keySet();
    }

    static Decoder read(ConfigReader config) {
        refuse(config, "quantization_config", config.has("quantization_config"),
                "quantised weights are not read from the config", "remove it and give the width with --dtype");
        return READERS.get(config.string("model_type")).apply(config);
    }

    /** GPT-2: learned positions, LayerNorm, a fused QKV projection, biases everywhere, a tied head. */
    private static Decoder gpt2(ConfigReader c) {
        refuse(c, "add_cross_attention", c.bool("add_cross_attention", false),
                "cross-attention to an encoder is not modelled", "remove it (Weft builds GPT-2 as a decoder only)");
        int hidden = c.positiveInt("n_embd");
        int heads = c.positiveInt("n_head");
        Blocks.requireDivisible(c, "n_head", hidden, heads);
        int inner = c.positiveInt("n_inner", 4 * hidden);
        Activation act = Activation.read(c, "activation_function", "gelu_new");
        SelfAttention attention = new SelfAttention(heads, heads, hidden / heads, true, true, true, 0, 0, false);
        return new Decoder("gpt2", hidden, c.positiveInt("vocab_size"), Decoder.Norm.LAYER, attention,
                uniform(c.positiveInt("n_layer"), new Decoder.Dense(inner, false, act, true, false)),
                Decoder.Residual.SEQUENTIAL, false, new Decoder.LearnedPositions(0), false, true, 0,
                c.positiveInt("n_positions"), "n_positions");
    }

    /**
     * The Llama lineage, which shares field names: RMSNorm, rotary embeddings, grouped-query
     * attention, gated MLPs; each type adds its own: Mistral's sliding window, Qwen2's Q/K/V
     * biases and windows on upper layers, Phi-3's fused projections, Gemma's wide heads and
     * scaled embeddings, Gemma 2's alternating local and global layers, sandwich norms and
     * soft caps, Mixtral's and Qwen-MoE's routed experts.
     */
    private static Decoder llamaLike(ConfigReader c) {
        String type = c.string("model_type");
        boolean gemma = type.startsWith("gemma");
        int hidden = c.positiveInt("hidden_size");
        int layers = c.positiveInt("num_hidden_layers");
        int heads = c.positiveInt("num_attention_heads");
        // transformers' defaults where a field is missing
        int kvHeads = c.positiveInt("num_key_value_heads", switch (type) {
            case "mistral", "mixtral" -> 8;
            case "gemma" -> 16;
            case "gemma2" -> 4;
            default -> heads;
        });
        Blocks.requireDivisible(c, "num_key_value_heads", heads, kvHeads);
        if (!c.has("head_dim") && !gemma) {
            Blocks.requireDivisible(c, "num_attention_heads", hidden, heads);
        }
        int headDim = c.positiveInt("head_dim", gemma ? 256 : hidden / heads);
        boolean attentionBias = c.bool("attention_bias", false);
        boolean qwen = type.startsWith("qwen2");
        boolean qkvBias = qwen || attentionBias;
        boolean outBias = !qwen && attentionBias;
        boolean phi3 = type.equals("phi3");
        double rotary = phi3 ? c.positiveNumber("partial_rotary_factor", 1.0) : 1.0;
        double logitCap = type.equals("gemma2") ? c.positiveNumberOrNull("attn_logit_softcapping", 50.0) : 0;
        SelfAttention attention = new SelfAttention(heads, kvHeads, headDim, qkvBias, outBias, phi3, rotary, logitCap,
                false);

        // Gemma's MLP reads hidden_activation and, when it is absent, uses the tanh GELU whatever hidden_act says
        Activation act = gemma ? Activation.read(c, "hidden_activation", "gelu_pytorch_tanh")
                : Activation.read(c, "hidden_act", "silu");
        boolean mlpBias = c.bool("mlp_bias", false);
        Decoder.Dense dense = new Decoder.Dense(c.positiveInt("intermediate_size"), true, act, mlpBias, phi3);
        IntFunction<Decoder.Mlp> mlp = i -> dense;
        if (type.equals("mixtral")) {
            Decoder.Experts experts = new Decoder.Experts(c.positiveInt("num_local_experts"),
                    topK(c, "num_local_experts"), c.positiveInt("intermediate_size"), act, true, null);
            mlp = i -> experts;
        } else if (type.equals("qwen2_moe")) {
            mlp = qwenMoe(c, act, dense);
        }
        IntFunction<Integer> window = windows(c, type, layers);
        List<Decoder.Layer> stack = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            stack.add(new Decoder.Layer(window.apply(i), mlp.apply(i)));
        }
        boolean tied = c.bool("tie_word_embeddings", gemma);
        double finalCap = type.equals("gemma2") ? c.positiveNumberOrNull("final_logit_softcapping", 30.0) : 0;
        return new Decoder(type, hidden, c.positiveInt("vocab_size"), Decoder.Norm.RMS, attention, stack,
                Decoder.Residual.SEQUENTIAL, type.equals("gemma2"), null, gemma, tied, finalCap,
                c.positiveInt("max_position_embeddings"), "max_position_embeddings");
    }

    /**
     * Qwen-MoE: experts every {@code decoder_sparse_step} layers except {@code mlp_only_layers},
     * dense MLPs elsewhere; every token also runs a gated shared expert.
     */
    private static IntFunction<Decoder.Mlp> qwenMoe(ConfigReader c, Activation act, Decoder.Dense dense) {
        int step = c.positiveInt("decoder_sparse_step", 1);
        List<Integer> denseOnly = c.indices("mlp_only_layers");
        Decoder.Dense shared = new Decoder.Dense(c.positiveInt("shared_expert_intermediate_size"), true, act, false,
                false);
        Decoder.Experts experts = new Decoder.Experts(c.positiveInt("num_experts"), topK(c, "num_experts"),
                c.positiveInt("moe_intermediate_size"), act, c.bool("norm_topk_prob", false), shared);
        return i -> !denseOnly.contains(i) && (i + 1) % step == 0 ? experts : dense;
    }

    private static int topK(ConfigReader c, String expertsField) {
        int topK = c.positiveInt("num_experts_per_tok");
        if (topK > c.positiveInt(expertsField)) {
            throw new WeftInputException(c.source(), "num_experts_per_tok", "routes each token to " + topK
                    + " experts of " + c.positiveInt(expertsField),
                    "use at most " + expertsField + " experts per token");
        }
        return topK;
    }

    /**
     * The window of each layer (0: global), as transformers applies {@code sliding_window}:
     * {@code layer_types} when the config lists them; otherwise every layer (Mistral, Mixtral,
     * Phi-3), the layers from {@code max_window_layers} up when {@code use_sliding_window}
     * (Qwen2), the even layers (Gemma 2), or none (Llama, Gemma).
     */
    private static IntFunction<Integer> windows(ConfigReader c, String type, int layers) {
        // null switches the window off; a missing field is transformers' default
        int window = c.positiveIntOrNull("sliding_window", switch (type) {
            case "mistral", "gemma2" -> 4096;
            default -> 0;
        });
        if (window == 0) {
            return i -> 0;
        }
        if (c.has("layer_types")) {
            List<String> types = c.strings("layer_types", layers);
            for (int i = 0; i < layers; i++) {
                String kind = types.get(i);
                if (!kind.equals("sliding_attention") && !kind.equals("full_attention")) {
                    throw new WeftInputException(c.source(), "layer_types[" + i + "]", "unknown layer type '" + kind
                            + "'", "use sliding_attention or full_attention");
                }
            }
            return i -> types.get(i).equals("sliding_attention") ? window : 0;
        }
        return switch (type) {
            case "mistral", "mixtral", "phi3" -> i -> window;
            case "qwen2", "qwen2_moe" -> {
                boolean used = c.bool("use_sliding_window", false);
                int from = c.positiveInt("max_window_layers", 28);
                yield i -> used && i >= from ? window : 0;
            }
            case "gemma2" -> i -> i % 2 == 0 ? window : 0;
            default -> {
                // Llama and Gemma have no sliding window; a config that asks for one is not theirs
                refuse(c, "sliding_window", true, type + " attends to the whole context",
                        "remove it, or set model_type to mistral for a windowed Llama");
                yield i -> 0;
            }
        };
    }

    /** GPT-NeoX and Pythia: a fused QKV with biases, rotary on a quarter of each head, parallel residual. */
    private static Decoder gptNeox(ConfigReader c) {
        int hidden = c.positiveInt("hidden_size");
        int heads = c.positiveInt("num_attention_heads");
        Blocks.requireDivisible(c, "num_attention_heads", hidden, heads);
        boolean bias = c.bool("attention_bias", true);
        double rotary = c.positiveNumber("rotary_pct", 0.25);
        SelfAttention attention = new SelfAttention(heads, heads, hidden / heads, bias, bias, true, rotary, 0, false);
        Activation act = Activation.read(c, "hidden_act", "gelu");
        Decoder.Residual residual = c.bool("use_parallel_residual", true) ? Decoder.Residual.PARALLEL
                : Decoder.Residual.SEQUENTIAL;
        return new Decoder("gpt_neox", hidden, c.positiveInt("vocab_size"), Decoder.Norm.LAYER, attention,
                uniform(c.positiveInt("num_hidden_layers"),
                        new Decoder.Dense(c.positiveInt("intermediate_size"), false, act, true, false)),
                residual, false, null, false, c.bool("tie_word_embeddings", false), 0,
                c.positiveInt("max_position_embeddings"), "max_position_embeddings");
    }

    /** OPT: learned positions offset by two rows, pre-norm LayerNorm, ReLU MLP, biases, tied head. */
    private static Decoder opt(ConfigReader c) {
        int hidden = c.positiveInt("hidden_size");
        refuse(c, "do_layer_norm_before", !c.bool("do_layer_norm_before", true),
                "post-norm OPT layers are not modelled", "use a pre-norm OPT (125m, 1.3b and up)");
        refuse(c, "word_embed_proj_dim", c.positiveInt("word_embed_proj_dim", hidden) != hidden,
                "embedding projections in and out of the layers are not modelled",
                "use an OPT whose word_embed_proj_dim equals hidden_size");
        refuse(c, "_remove_final_layer_norm", c.bool("_remove_final_layer_norm", false),
                "a model without its final norm is not modelled", "remove the field");
        refuse(c, "layer_norm_elementwise_affine", !c.bool("layer_norm_elementwise_affine", true),
                "norms without scale and shift are not modelled", "remove the field");
        int heads = c.positiveInt("num_attention_heads");
        Blocks.requireDivisible(c, "num_attention_heads", hidden, heads);
        boolean bias = c.bool("enable_bias", true);
        SelfAttention attention = new SelfAttention(heads, heads, hidden / heads, bias, bias, false, 0, 0, false);
        Activation act = Activation.read(c, "activation_function", "relu");
        return new Decoder("opt", hidden, c.positiveInt("vocab_size"), Decoder.Norm.LAYER, attention,
                uniform(c.positiveInt("num_hidden_layers"), new Decoder.Dense(c.positiveInt("ffn_dim"), false, act,
                        bias, false)),
                Decoder.Residual.SEQUENTIAL, false, new Decoder.LearnedPositions(2), false,
                c.bool("tie_word_embeddings", true), 0, c.positiveInt("max_position_embeddings"),
                "max_position_embeddings");
    }

    /**
     * Falcon: a fused QKV, multi-query attention (7B) or grouped-query with two parallel norms
     * ({@code new_decoder_architecture}, 40B and 180B), a GELU MLP, a tied head.
     */
    private static Decoder falcon(ConfigReader c) {
        refuse(c, "alibi", c.bool("alibi", false), "ALiBi position biases are not modelled",
                "use a rotary Falcon (alibi false)");
        int hidden = c.positiveInt("hidden_size");
        int heads = c.positiveInt("num_attention_heads");
        Blocks.requireDivisible(c, "num_attention_heads", hidden, heads);
        boolean newArchitecture = c.bool("new_decoder_architecture", false);
        int kvHeads = newArchitecture ? c.positiveInt("num_kv_heads", heads)
                : c.bool("multi_query", true) ? 1 : heads;
        Blocks.requireDivisible(c, "num_kv_heads", heads, kvHeads);
        boolean bias = c.bool("bias", false);
        SelfAttention attention = new SelfAttention(heads, kvHeads, hidden / heads, bias, bias, true, 1.0, 0, false);
        Decoder.Residual residual;
        if (newArchitecture) {
            residual = c.positiveInt("num_ln_in_parallel_attn", 2) == 2 ? Decoder.Residual.PARALLEL
                    : Decoder.Residual.PARALLEL_SHARED_NORM;
        } else {
            residual = c.bool("parallel_attn", true) ? Decoder.Residual.PARALLEL_SHARED_NORM
                    : Decoder.Residual.SEQUENTIAL;
        }
        Activation act = Activation.read(c, "activation", "gelu");
        return new Decoder("falcon", hidden, c.positiveInt("vocab_size"), Decoder.Norm.LAYER, attention,
                uniform(c.positiveInt("num_hidden_layers"),
                        new Decoder.Dense(c.positiveInt("ffn_hidden_size", 4 * hidden), false, act, bias, false)),
                residual, false, null, false, c.bool("tie_word_embeddings", true), 0,
                c.positiveInt("max_position_embeddings", 2048), "max_position_embeddings");
    }

    private static List<Decoder.Layer> uniform(int layers, Decoder.Mlp mlp) {
        List<Decoder.Layer> stack = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            stack.add(new Decoder.Layer(0, mlp));
        }
        return stack;
    }

    /** A field set to something Weft would have to ignore to go on: one line, the field and the fix. */
    private static void refuse(ConfigReader c, String field, boolean when, String why, String fix) {
        if (when) {
            throw new WeftInputException(c.source(), field, why, fix);
        }
    }
}
