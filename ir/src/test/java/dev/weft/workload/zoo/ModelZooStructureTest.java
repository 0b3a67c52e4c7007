package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact, hand-derived counts and the structural choices each family makes. */
class ModelZooStructureTest {

    static WorkloadSpec spec(int seq, Phase phase, int kv, AttentionKind kind) {
        return new WorkloadSpec(1, seq, 0, phase, kv, kind, StorageFormat.DENSE, DType.FP32, 16, 25);
    }

    static Operator op(Workload w, String name) {
        return w.operators().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void bertBaseMacsAreTheHandDerivedSum() {
        // per layer at 128 tokens: projections 128 x (4 x 768^2 + 2 x 768 x 3072) and QK^T, AV 2 x 128^2 x 768;
        // plus the pooler's 768^2 on the first token
        long perLayer = 128L * (4L * 768 * 768 + 2L * 768 * 3072) + 2L * 128 * 128 * 768;
        long expected = 12 * perLayer + 768L * 768;
        assertEquals(expected, ModelZoo.build("bert-base", spec(128, Phase.PREFILL, 0, AttentionKind.SOFTMAX)).macs());
    }

    @Test
    void exactParameterCountsOfPublishedCheckpoints() {
        WorkloadSpec s = spec(16, Phase.PREFILL, 0, AttentionKind.SOFTMAX);
        // sums of the tensor shapes of the Hugging Face checkpoints
        assertEquals(109_482_240L, ModelZoo.build("bert-base", s).params());
        assertEquals(124_439_808L, ModelZoo.build("gpt2", s).params());
        assertEquals(6_738_415_616L, ModelZoo.build("llama-2-7b", s).params());
        assertEquals(86_567_656L, ModelZoo.build("vit-b16", spec(0, Phase.PREFILL, 0, AttentionKind.SOFTMAX)).params());
        assertEquals(28_288_354L, ModelZoo.build("swin-t", spec(0, Phase.PREFILL, 0, AttentionKind.SOFTMAX)).params());
    }

    @Test
    void gpt2DecodeAttendsToTheWholeCacheAndProjectsOneToken() {
        Workload w = ModelZoo.build("gpt2", spec(0, Phase.DECODE, 1024, AttentionKind.SOFTMAX));
        Operator scores = op(w, "layers0.attn.core.scores");
        assertEquals(1, scores.size("M"));
        assertEquals(1024, scores.size("N"));
        assertEquals(1, op(w, "layers0.attn.qkv").size("M"));
        assertEquals(1, w.tokens());
        assertThrows(WeftInputException.class,
                () -> ModelZoo.build("gpt2", spec(0, Phase.DECODE, 1025, AttentionKind.SOFTMAX)));
    }

    @Test
    void decodeOfEncoderOrVisionModelIsRefused() {
        for (String model : new String[] {"bert-base", "vit-b16", "swin-t", "pvtv2-b0"}) {
            WeftInputException e = assertThrows(WeftInputException.class,
                    () -> ModelZoo.build(model, spec(0, Phase.DECODE, 8, AttentionKind.SOFTMAX)));
            assertTrue(e.getMessage().contains("decode"), e.getMessage());
        }
    }

    @Test
    void sequenceLongerThanLearnedPositionsIsRefused() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ModelZoo.build("bert-base", spec(1024, Phase.PREFILL, 0, AttentionKind.SOFTMAX)));
        assertTrue(e.getMessage().contains("512"), e.getMessage());
    }

    @Test
    void llamaKeyValueHeadsShrinkKAndVProjections() throws Exception {
        Workload w = ModelZoo.build("llama-2-7b", spec(8, Phase.PREFILL, 0, AttentionKind.SOFTMAX));
        assertEquals(4096, op(w, "layers0.attn.k").size("N"));
        assertEquals(32, w.operators().stream().filter(o -> o.op().equals("rope")).count() / 2);
    }

    @Test
    void groupedQueryAttentionFromAUserConfig(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "llama", "hidden_size": 256, "intermediate_size": 512, "num_hidden_layers": 2,
                 "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000,
                 "max_position_embeddings": 128}
                """);
        Workload w = ModelZoo.build(config.toString(), spec(8, Phase.PREFILL, 0, AttentionKind.SOFTMAX));
        // 2 KV heads of 32: K and V project 256 -> 64; the 4 query heads of a group are rows against one K head
        assertEquals(64, op(w, "layers0.attn.k").size("N"));
        assertEquals(2, op(w, "layers0.attn.core.scores").size("H"));
        assertEquals(4 * 8, op(w, "layers0.attn.core.scores").size("M"));
    }

    @Test
    void pvtSpatialReductionShrinksKeysAndLastStageKeepsSoftmax() {
        WorkloadSpec eco = new WorkloadSpec(1, 0, 0, Phase.PREFILL, 0, AttentionKind.ECOFORMER, StorageFormat.DENSE,
                DType.FP32, 16, 25);
        Workload reduced = ModelZoo.build("pvtv2-b0", eco);
        // stage 0: 56 x 56 tokens, sr 8 -> 7 x 7 keys
        assertEquals(49, op(reduced, "stage0.block0.attn.v").size("M"));
        assertTrue(reduced.operators().stream().anyMatch(o -> o.name().equals("stage3.block0.attn.core.scores")));
        assertTrue(reduced.operators().stream().noneMatch(o -> o.name().startsWith("stage3") && o.op().startsWith("ecoformer")));
        Workload full = ModelZoo.build("pvtv2-b0", eco.withSpatialReduction(false));
        assertEquals(56 * 56, op(full, "stage0.block0.attn.v").size("M"));
        assertTrue(full.operators().stream().noneMatch(o -> o.name().endsWith(".attn.sr")));
    }

    @Test
    void ecoformerAttentionHasNoMultiplicationsInTheBinaryProducts() {
        Workload w = ModelZoo.build("vit-b16", spec(0, Phase.PREFILL, 0, AttentionKind.ECOFORMER));
        Operator kv = op(w, "layer0.attn.core.code_kv");
        assertEquals(0, kv.muls());
        // b x d x N additions per head: 16 x 64 x 197, 12 heads
        assertEquals(16.0 * 64 * 197 * 12, kv.adds());
    }

    @Test
    void mambaScanIsSequentialOverTokensAndDecodeIsOneStep() {
        Workload prefill = ModelZoo.build("mamba-130m", spec(64, Phase.PREFILL, 0, AttentionKind.SOFTMAX));
        Operator scan = op(prefill, "layers0.scan");
        assertEquals(64 * 1536 * 16, scan.points());
        Workload decode = ModelZoo.build("mamba-130m", spec(0, Phase.DECODE, 4096, AttentionKind.SOFTMAX));
        assertEquals(1, op(decode, "layers0.scan").size("L"));
        assertThrows(WeftInputException.class,
                () -> ModelZoo.build("mamba-130m", spec(64, Phase.PREFILL, 0, AttentionKind.LINEAR)));
    }

    @Test
    void visionModelsDefaultToTheConfigResolution() {
        Workload w = ModelZoo.build("vit-b16", spec(0, Phase.PREFILL, 0, AttentionKind.SOFTMAX));
        assertEquals(197, op(w, "layer0.attn.core.scores").size("M"));
        WorkloadSpec big = new WorkloadSpec(1, 0, 384, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE,
                DType.FP32, 16, 25);
        assertEquals(577, op(ModelZoo.build("vit-b16", big), "layer0.attn.core.scores").size("M"));
    }

    @Test
    void unknownModelNamesTheChoices() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ModelZoo.build("bert-huge", spec(8, Phase.PREFILL, 0, AttentionKind.SOFTMAX)));
        assertTrue(e.getMessage().contains("bert-base"), e.getMessage());
    }
}
