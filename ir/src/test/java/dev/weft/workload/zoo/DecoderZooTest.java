package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder families read from real Hugging Face configs: the built-in models and, under
 * test resources {@code hf-configs/}, configs a user would bring.
 */
class DecoderZooTest {

    static WorkloadSpec prefill(int seq) {
        return new WorkloadSpec(1, seq, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.BF16,
                16, 25);
    }

    static WorkloadSpec decode(int kv) {
        return new WorkloadSpec(1, 0, 0, Phase.DECODE, kv, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.BF16,
                16, 25);
    }

    /** A config under test resources, as a user would pass its path. */
    static String userConfig(String name) {
        try {
            return Path.of(DecoderZooTest.class.getResource("/hf-configs/" + name + ".json").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Operator op(Workload w, String name) {
        return ModelZooStructureTest.op(w, name);
    }

    static long elements(Operator op, int operand) {
        return op.operands().get(operand).elements(op.dimSizes());
    }

    /** model (built-in name or config), exact sum of the checkpoint's tensor shapes, published figure, source. */
    static Stream<Arguments> published() {
        return Stream.of(
                Arguments.of("tinyllama-1.1b", 1_100_048_384L, 1.1e9, "TinyLlama paper (Zhang et al. 2024): 1.1B"),
                Arguments.of("qwen2-0.5b", 494_032_768L, 0.49e9, "Qwen2 blog (qwenlm.github.io/blog/qwen2), model table: 0.49B"),
                Arguments.of("mistral-7b", 7_241_732_096L, 7.3e9, "Mistral AI, 'Announcing Mistral 7B': a 7.3B parameter model"),
                Arguments.of("mixtral-8x7b", 46_702_792_704L, 46.7e9, "Mistral AI, 'Mixtral of experts': 46.7B total"),
                Arguments.of("phi-3-mini", 3_821_079_552L, 3.8e9, "Phi-3 technical report (Abdin et al. 2024): 3.8B"),
                // embedding 524,550,144 + non-embedding 1,981,884,416
                Arguments.of("gemma-2b", 2_506_172_416L, 2_506_434_560.0, "Gemma report (2024), table 2"),
                Arguments.of("mamba2-130m", 128_989_632L, 130e6, "Mamba-2 paper (Dao and Gu 2024): 130M"),
                Arguments.of(userConfig("llama-3.2-1b"), 1_235_814_400L, 1.23e9, "Llama 3.2 model card: 1.23B"),
                // embedding 590,118,912 + non-embedding 2,024,517,888
                Arguments.of(userConfig("gemma-2-2b"), 2_614_341_888L, 2_614_636_800.0, "Gemma 2 report (2024), table 2"),
                Arguments.of(userConfig("qwen1.5-moe-a2.7b"), 14_315_784_192L, 14.3e9,
                        "Qwen1.5-MoE-A2.7B model card: 14.3B in total"),
                Arguments.of(userConfig("pythia-160m"), 162_322_944L, 162_322_944.0,
                        "Pythia README (Biderman et al. 2023): 162,322,944"),
                Arguments.of(userConfig("opt-125m"), 125_239_296L, 125e6, "OPT paper (Zhang et al. 2022), table 1: 125M"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("published")
    void parametersMatchThePublishedFigureWithinOnePercent(String model, long exact, double published,
                                                           String source) {
        long params = ModelZoo.build(model, prefill(16)).params();
        assertEquals(exact, params, "sum of the checkpoint's tensor shapes");
        assertEquals(published, params, published * 0.01, source);
        assertEquals(params, ModelZoo.build(model, decode(16)).params(), "decode holds the same parameters");
    }

    @Test
    void mistralDecodeReadsOneWindowOfCache() {
        Workload w = ModelZoo.build("mistral-7b", decode(8192));
        Operator scores = op(w, "layers0.attn.core.scores");
        assertEquals(4096, scores.size("N"));
        // K cache: 8 key/value heads x 4096 window x 128
        assertEquals(8L * 4096 * 128, elements(scores, 1));
        assertEquals(4096, op(w, "layers31.attn.core.context").size("K"));
        assertEquals(3000, op(ModelZoo.build("mistral-7b", decode(3000)), "layers0.attn.core.scores").size("N"));
    }

    @Test
    void aMissingFieldTakesTransformersDefaultAndNullSwitchesItOff(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(getClass().getResourceAsStream("/models/mistral-7b.json"));
        config.remove("sliding_window");
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, json.writeValueAsString(config));
        // MistralConfig's sliding_window defaults to 4096
        assertEquals(4096, op(ModelZoo.build(missing.toString(), decode(8192)), "layers0.attn.core.scores").size("N"));
        config.putNull("sliding_window");
        Path off = dir.resolve("off.json");
        Files.writeString(off, json.writeValueAsString(config));
        assertEquals(8192, op(ModelZoo.build(off.toString(), decode(8192)), "layers0.attn.core.scores").size("N"));
    }

    @Test
    void mistralPrefillPastTheWindowRunsInWindowChunks() {
        Workload w = ModelZoo.build("mistral-7b", prefill(16384));
        Operator scores = op(w, "layers0.attn.core.scores");
        // 4 chunks of 4096 queries, each against its own 4096 keys and the 4095 before
        assertEquals(4, scores.size("B"));
        assertEquals(4 * 4096, scores.size("M"));
        assertEquals(4096 + 4095, scores.size("N"));
        assertEquals(32.0 * 16384 * 8191 * 128, scores.macs());
        Workload full = ModelZoo.build("mistral-7b", prefill(4096));
        assertEquals(4096, op(full, "layers0.attn.core.scores").size("N"), "a prompt within the window is one block");
    }

    @Test
    void mixtralCountsTheActiveExpertsAndTheRouter() {
        Workload w = ModelZoo.build("mixtral-8x7b", decode(1));
        Operator gate = op(w, "layers0.mlp.experts.gate");
        assertEquals(2, gate.size("E"));
        assertEquals(1, gate.size("M"));
        long hidden = 4096;
        long inner = 14336;
        long attention = 2 * hidden * 4096 + 2 * hidden * 1024;
        long perLayer = attention + 2 * 3 * hidden * inner + hidden * 8;
        // one token, one key: the core's two products are 32 heads x 128 each
        long core = 2 * 32 * 128;
        assertEquals(32 * (perLayer + core) + hidden * 32000, w.macs());
        // Mistral AI, 'Mixtral of experts': 12.9B parameters used per token
        long active = w.params() - w.idleParams();
        assertEquals(12_879_925_248L, active);
        assertEquals(12.9e9, active, 12.9e9 * 0.01);
        Operator prefillGate = op(ModelZoo.build("mixtral-8x7b", prefill(128)), "layers0.mlp.experts.gate");
        assertEquals(8, prefillGate.size("E"));
        assertEquals(128 * 2 / 8, prefillGate.size("M"));
    }

    @Test
    void qwenMoeRunsFourRoutedExpertsAndTheSharedOne() {
        Workload w = ModelZoo.build(userConfig("qwen1.5-moe-a2.7b"), decode(1));
        assertEquals(4, op(w, "layers0.mlp.experts.up").size("E"));
        assertEquals(5632, op(w, "layers0.mlp.shared_expert.up").size("N"));
        assertEquals(1, op(w, "layers0.mlp.shared_expert_gate").size("N"));
        // Qwen1.5-MoE-A2.7B model card: 2.7B activated parameters
        assertEquals(2.7e9, w.params() - w.idleParams(), 2.7e9 * 0.01);
    }

    @Test
    void unevenRoutingComputesEverySlotOnce() {
        Workload w = ModelZoo.build(userConfig("qwen1.5-moe-a2.7b"), prefill(128));
        // 128 tokens x top 4 = 512 slots over 60 experts: 28 experts take 8, 32 take 9
        Operator even = op(w, "layers0.mlp.experts.gate");
        Operator extra = op(w, "layers0.mlp.experts.gate.extra");
        assertEquals(28, even.size("E"));
        assertEquals(8, even.size("M"));
        assertEquals(32, extra.size("E"));
        assertEquals(9, extra.size("M"));
        assertEquals(512.0 * 2048 * 1408, even.macs() + extra.macs());
        assertEquals(0, w.idleParams(), "every expert is reached");
    }

    @Test
    void gemma2AlternatesWindowedAndGlobalLayers() {
        Workload w = ModelZoo.build(userConfig("gemma-2-2b"), decode(8192));
        assertEquals(4096, op(w, "layers0.attn.core.scores").size("N"));
        assertEquals(8192, op(w, "layers1.attn.core.scores").size("N"));
        // 8 heads of 256 make 2048, not the hidden 2304; 4 key/value heads of 256
        assertEquals(2048, op(w, "layers0.attn.q").size("N"));
        assertEquals(1024, op(w, "layers0.attn.k").size("N"));
        assertTrue(w.operators().stream().anyMatch(o -> o.name().equals("layers0.attn.core.softcap")));
        assertTrue(w.operators().stream().anyMatch(o -> o.name().equals("lm_head.softcap")));
        assertEquals(4, w.operators().stream().filter(o -> o.block().equals("layers0") && o.op().equals("rmsnorm"))
                .count(), "input, post-attention, pre- and post-feed-forward norms");
        assertEquals(0, w.operators().stream().filter(o -> o.name().contains("lm_head.weight")).count());
    }

    @Test
    void gemmaScalesItsEmbeddingAndUsesTheTanhGelu() {
        Workload w = ModelZoo.build("gemma-2b", prefill(8));
        assertEquals(8.0 * 2048, op(w, "embeddings.scale").muls());
        // hidden_act says gelu, but Gemma's MLP runs gelu_pytorch_tanh without a hidden_activation
        assertEquals(Activation.GELU_TANH.muls, op(w, "layers0.mlp.act").compute().mulsPerPoint());
        assertEquals(1, op(w, "layers0.attn.core.scores").size("H"), "multi-query: one key/value head");
    }

    @Test
    void qwen2BiasesQueryKeyAndValueButNotTheOutput() {
        Workload w = ModelZoo.build("qwen2-0.5b", prefill(8));
        assertEquals(2, op(w, "layers0.attn.q").weights().size());
        assertEquals(2, op(w, "layers0.attn.v").weights().size());
        assertEquals(1, op(w, "layers0.attn.out").weights().size());
        assertFalse(w.operators().stream().anyMatch(o -> o.name().equals("lm_head") && o.weights().get(0).name()
                .equals("lm_head.weight")), "tied to the embedding");
    }

    @Test
    void phi3FusesItsProjectionsAndHonoursItsWindow() {
        Workload w = ModelZoo.build("phi-3-mini", decode(4096));
        assertEquals(3 * 3072, op(w, "layers0.attn.qkv").size("N"));
        assertEquals(2 * 8192, op(w, "layers0.mlp.gate_up").size("N"));
        assertEquals(2047, op(w, "layers0.attn.core.scores").size("N"));
    }

    @Test
    void pythiaRotatesAQuarterOfEachHeadWithAParallelResidual() {
        Workload w = ModelZoo.build(userConfig("pythia-160m"), prefill(10));
        // rotary_pct 0.25 of 64 dimensions: 16 per head, 12 heads
        assertEquals(10L * 12 * 16, op(w, "layers0.attn.rope_q").points());
        // both sublayers read the layer's input: two norms before any residual sum
        int attnNorm = w.operators().indexOf(op(w, "layers0.mlp_norm"));
        assertTrue(attnNorm < w.operators().indexOf(op(w, "layers0.attn.residual")));
    }

    @Test
    void falconCountsItsTiedHeadOnce() {
        long params = ModelZoo.build(userConfig("falcon-7b"), prefill(16)).params();
        assertEquals(6_921_720_704L, params, "sum of the checkpoint's tensor shapes, the head tied");
        // tiiuae/falcon-7b model card: "a 7B parameters causal decoder-only model", a rounded figure
        assertEquals(7e9, params, 7e9 * 0.02);
        // the Hub's 7.22B counts the safetensors files, which store the tied head a second time
        assertEquals(7.22e9, params + 65_024L * 4544, 7.22e9 * 0.001);
    }

    @Test
    void falconSharesOneKeyValueHeadAndOneNorm() {
        Workload w = ModelZoo.build(userConfig("falcon-7b"), decode(2048));
        assertEquals(4544 + 2 * 64, op(w, "layers0.attn.qkv").size("N"));
        assertEquals(1, op(w, "layers0.attn.core.scores").size("H"));
        assertEquals(1, w.operators().stream().filter(o -> o.block().equals("layers0") && o.op().equals("layernorm"))
                .count());
    }

    @Test
    void optReadsOnePositionRowPerToken() {
        Workload w = ModelZoo.build(userConfig("opt-125m"), decode(2048));
        Operator positions = op(w, "embed_positions");
        assertEquals(1, positions.size("M"));
        // OPT's table has two rows before position 0
        assertEquals(2050, positions.size("V"));
        assertEquals("relu", op(w, "layers0.mlp.act").op());
    }

    @Test
    void mamba2ScansHeadsWithSharedStateInputs() {
        Workload w = ModelZoo.build("mamba2-130m", prefill(64));
        Operator scan = op(w, "layers0.scan");
        // 24 heads of 64 channels, 128 state elements each, over 64 steps
        assertEquals(64L * 24 * 64 * 128, scan.points());
        // in_proj makes the gate z and x (1536 each), B and C for one group (128 each) and a step per head
        assertEquals(2 * 1536 + 2 * 128 + 24, op(w, "layers0.in_proj").size("N"));
        assertEquals(1, op(ModelZoo.build("mamba2-130m", decode(4096)), "layers0.scan").size("L"));
    }
}
