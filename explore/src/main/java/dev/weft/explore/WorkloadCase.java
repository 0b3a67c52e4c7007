package dev.weft.explore;

import dev.weft.workload.AttentionKind;
import dev.weft.pipeline.Workloads;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;

/**
 * One workload of a sweep: a model from the zoo (or a config.json) with its phase and sizes.
 *
 * @param image pixels of a vision model's input; 0 for language models
 */
public record WorkloadCase(String model, Phase phase, int batch, int seq, int kv, int image, AttentionKind attention) {

    /** E.g. {@code bert-base prefill seq=128}, {@code gpt2 decode kv=1024}, {@code vit-b16 image=224}. */
    public String label() {
        String size = image > 0 ? "image=" + image : phase == Phase.DECODE ? "kv=" + kv : "seq=" + seq;
        return model + " " + phase.label() + " " + size + (batch == 1 ? "" : " batch=" + batch)
                + (attention == AttentionKind.SOFTMAX ? "" : " attention=" + attention.label());
    }

    /** The workload at the element type the design's arrays run. */
    public WorkloadSpec spec(DType dtype) {
        return new WorkloadSpec(batch, seq, image, phase, kv, attention, StorageFormat.DENSE, dtype,
                WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
    }

    /** This case's graphs, each built once however many design points map it. */
    public Workloads workloads() {
        return Workloads.of(spec -> ModelZoo.build(model, spec));
    }
}
