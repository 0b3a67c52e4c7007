package dev.weft.workload.zoo;

import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;

/**
 * Builds the operator graph of one architecture family (BERT, GPT-2, ViT...) from a Hugging
 * Face-style {@code config.json}. Read config fields through {@link ConfigReader} so a
 * missing or mistyped field is reported with the file and the field.
 */
public interface ModelFamily {

    /** The {@code model_type} values of config.json this family reads, e.g. {@code bert}. */
    java.util.Set<String> modelTypes();

    Workload build(String modelName, ConfigReader config, WorkloadSpec spec);

    /**
     * Why this family's blocks cannot run on fewer tokens one after another (token pruning or
     * merging, {@link dev.weft.workload.TokenReduction}), or null where they can.
     */
    default String tokenReductionRefusal() {
        return "token pruning and merging are modelled for ViT and DeiT classifiers only";
    }
}
