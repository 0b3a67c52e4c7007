package dev.weft.workload.zoo;

import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.Set;

/**
 * Every decoder-only language model (GPT-2, Llama, Mistral, Mixtral, Qwen2, Qwen-MoE, Phi-3,
 * Gemma, Gemma 2, GPT-NeoX/Pythia, OPT, Falcon): one family, told apart by the parameters
 * of a {@link Decoder}.
 */
public final class DecoderFamily implements ModelFamily {
    @Override
    public Set<String> modelTypes() {
        return DecoderConfigs.modelTypes();
    }

    @Override
    public String tokenReductionRefusal() {
        return "a language model's tokens are its text, and decode makes one token per step";
    }

    @Override
    public Workload build(String modelName, ConfigReader config, WorkloadSpec spec) {
        Decoder model = DecoderConfigs.read(config);
        Blocks.requirePositions(config, model.maxPositionsField(), model.maxPositions(), Decoding.of(spec).keys());
        return DecoderGraph.build(modelName, model, spec);
    }
}
