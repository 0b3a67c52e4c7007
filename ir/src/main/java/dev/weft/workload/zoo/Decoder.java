package dev.weft.workload.zoo;

import java.util.List;

/**
 * A decoder-only language model as the parameters that tell one family from another; the
 * Hugging Face config of each {@code model_type} is read into one of these
 * ({@link DecoderConfigs}) and {@link DecoderGraph} builds every one the same way.
 *
 * @param modelType      the config's {@code model_type}, the family in results
 * @param norm           LayerNorm or RMSNorm, everywhere in the model
 * @param layers         one entry per layer: its window and its MLP
 * @param residual       sequential, or attention and MLP in parallel from one or two norms
 * @param sandwichNorms  a norm after attention and after the MLP too (Gemma 2)
 * @param positions      learned absolute positions, or none (rotary models)
 * @param scaleEmbedding multiply the embeddings by sqrt(hidden) (Gemma)
 * @param tied           the output head is the token embedding
 * @param finalSoftcap   Gemma 2's cap on the logits, 0 for none
 * @param maxPositions   the longest context, and the config field that says so
 */
record Decoder(String modelType, int hidden, int vocab, Norm norm, SelfAttention attention, List<Layer> layers,
               Residual residual, boolean sandwichNorms, LearnedPositions positions, boolean scaleEmbedding,
               boolean tied, double finalSoftcap, int maxPositions, String maxPositionsField) {

    Decoder {
        layers = List.copyOf(layers);
    }

    enum Norm { LAYER, RMS }

    enum Residual {
        /** x + attn(norm(x)), then h + mlp(norm(h)). */
        SEQUENTIAL,
        /** x + attn(norm(x)) + mlp(norm(x)): one norm feeds both (Falcon-7B). */
        PARALLEL_SHARED_NORM,
        /** x + attn(norm1(x)) + mlp(norm2(x)) (GPT-NeoX, Falcon-40B). */
        PARALLEL
    }

    /**
     * @param window tokens a query sees (itself included) in this layer; 0: all
     */
    record Layer(int window, Mlp mlp) {
    }

    /**
     * A table of learned positions, read one row per token; OPT's table has {@code offset}
     * extra rows before position 0.
     */
    record LearnedPositions(int offset) {
    }

    /** The feed-forward part of a layer. */
    sealed interface Mlp {
    }

    /**
     * Two layers ({@code up}, activation, {@code down}), or three when {@code gated} (SwiGLU and
     * GeGLU: {@code down(act(gate(x)) * up(x))}). {@code fused}: gate and up are one projection.
     */
    record Dense(long inner, boolean gated, Activation activation, boolean bias, boolean fused) implements Mlp {
    }

    /**
     * Routed experts (Mixtral, Qwen-MoE): a router picks {@code topK} of {@code experts} gated
     * MLPs per token and mixes their outputs by its (re-normalised, when
     * {@code renormalise}) weights. {@code shared}: a dense MLP every token also runs, scaled by
     * a learned sigmoid gate (Qwen-MoE), or null.
     */
    record Experts(int experts, int topK, long inner, Activation activation, boolean renormalise, Dense shared)
            implements Mlp {
    }
}
