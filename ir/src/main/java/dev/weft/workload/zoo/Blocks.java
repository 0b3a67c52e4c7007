package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Phase;
import dev.weft.workload.WorkloadSpec;

/**
 * Building blocks several families share, so that a self-attention layer or an MLP costs the
 * same in BERT, GPT-2, ViT or Llama.
 */
final class Blocks {
    private Blocks() {
    }

    /** Two-layer MLP with GELU between: hidden -> inner -> hidden. */
    static String geluMlp(GraphBuilder g, String prefix, String block, String input, long rows, long hidden,
                          long inner) {
        String fc1 = g.linear(prefix + ".fc1", block, input, rows, hidden, inner, true);
        String gelu = g.gelu(prefix + ".gelu", block, fc1, rows, inner);
        return g.linear(prefix + ".fc2", block, gelu, rows, inner, hidden, true);
    }

    /** Heads must divide the width evenly; a config that says otherwise is wrong. */
    static void requireDivisible(ConfigReader config, String field, long hidden, int heads) {
        if (hidden % heads != 0) {
            throw new WeftInputException(config.source(), field, heads + " heads do not divide width " + hidden,
                    "use a head count that divides the hidden size");
        }
    }

    /** Encoder-only and vision models produce no tokens one at a time. */
    static void rejectDecode(WorkloadSpec spec, String model, String why) {
        if (spec.phase() == Phase.DECODE) {
            throw new WeftInputException("--phase", null, model + " cannot decode: " + why,
                    "use --phase prefill, or a decoder such as gpt2, llama-2-7b or mamba-130m for decode");
        }
    }

    /** Image side for a vision model: the user's, else the config's training resolution. */
    static int imageSize(ConfigReader config, WorkloadSpec spec) {
        return spec.image() > 0 ? spec.image() : config.positiveInt("image_size");
    }

    /** A sequence that does not fit the model's learned positions. */
    static void requirePositions(ConfigReader config, String field, long needed) {
        requirePositions(config, field, config.positiveInt(field), needed);
    }

    /** A sequence longer than the {@code positions} the config's {@code field} allows. */
    static void requirePositions(ConfigReader config, String field, int positions, long needed) {
        if (needed > positions) {
            throw new WeftInputException("--seq", null, "needs " + needed + " positions but the model has "
                    + positions + " (" + config.source() + ": " + field + ")",
                    "use --seq (plus --kv when decoding) of at most " + positions);
        }
    }
}
