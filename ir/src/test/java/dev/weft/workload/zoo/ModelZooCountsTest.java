package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameter and MAC counts of the built-in models against published figures, within 2%.
 * MACs are per image at the config's resolution, or per sequence at the stated length.
 */
class ModelZooCountsTest {

    static WorkloadSpec prefill(int seq) {
        return new WorkloadSpec(1, seq, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.FP32,
                16, 25);
    }

    /** model, sequence length, published params, source of params, published MACs (0: not checked), source. */
    static Stream<Arguments> published() {
        return Stream.of(
                // Turc et al. 2019 (prajjwal1/bert-tiny model card): 4.4M parameters
                Arguments.of("bert-tiny", 128, 4.4e6, 0.0, "bert-tiny model card: 4.4M"),
                // Devlin et al. 2019: 110M; 11.17 GMACs at 128 tokens is the usual profiler figure (thop/fvcore)
                Arguments.of("bert-base", 128, 110e6, 11.17e9, "BERT paper 110M; 11.17 GMACs at 128"),
                // Devlin et al. 2019: 340M (HF bert-large-uncased with pooler: 335M)
                Arguments.of("bert-large", 128, 335e6, 0.0, "bert-large-uncased 335M"),
                // HF gpt2 model card: 124M parameters
                Arguments.of("gpt2", 128, 124e6, 0.0, "gpt2 model card: 124M"),
                // Touvron et al. 2023 / HF Llama-2-7b-hf: 6,738,415,616 parameters
                Arguments.of("llama-2-7b", 128, 6.738e9, 0.0, "Llama 2 7B: 6.74B"),
                // Gu and Dao 2023, state-spaces/mamba-130m: 129M parameters with the tied head
                Arguments.of("mamba-130m", 128, 129e6, 0.0, "mamba-130m: 129M"),
                // Dosovitskiy et al. 2021 / timm vit_base_patch16_224: 86.6M params, 17.6 GMACs
                Arguments.of("vit-b16", 0, 86.6e6, 17.6e9, "ViT-B/16: 86.6M, 17.6 GMACs"),
                // Touvron et al. 2021 (DeiT table 1): 22M params, 4.6 GMACs (reported as FLOPs)
                Arguments.of("deit-s", 0, 22.1e6, 4.6e9, "DeiT-S: 22M, 4.6G"),
                // Liu et al. 2021 (Swin table 1): 28M params, 4.5G (MACs)
                Arguments.of("swin-t", 0, 28.3e6, 4.5e9, "Swin-T: 28M, 4.5G"),
                // timm pvt_v2_b0/b1/b2 (with the 1000-class head): 3.67M/14.01M/25.36M params,
                // 0.57/2.12/4.05 GMACs; Wang et al. 2022 report 3.4M/13.1M/25.4M without the head
                Arguments.of("pvtv2-b0", 0, 3.67e6, 0.57e9, "timm pvt_v2_b0"),
                Arguments.of("pvtv2-b1", 0, 14.01e6, 2.12e9, "timm pvt_v2_b1"),
                Arguments.of("pvtv2-b2", 0, 25.36e6, 4.05e9, "timm pvt_v2_b2"));
    }

    /**
     * Weft's own llama-tiny (models/llama-tiny.json) has no published figure; counted by hand:
     * untied embedding and head 2 x 32000 x 256; per layer q and o 2 x 256^2, k and v (2 of 8
     * heads of 32) 2 x 256 x 64, gate, up and down 3 x 256 x 704, two norms 2 x 256; 4 layers
     * and the final norm: 16,384,000 + 4 x 705,024 + 256 = 19,204,352.
     */
    @org.junit.jupiter.api.Test
    void llamaTinyCountsByHand() {
        assertEquals(19_204_352L, ModelZoo.build("llama-tiny", prefill(16)).params());
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("published")
    void countsMatchPublishedFigures(String model, int seq, double params, double macs, String source) {
        Workload workload = ModelZoo.build(model, prefill(seq));
        assertEquals(params, workload.params(), params * 0.02, model + " params (" + source + ")");
        if (macs > 0) {
            assertEquals(macs, workload.macs(), macs * 0.02, model + " MACs (" + source + ")");
        }
    }
}
