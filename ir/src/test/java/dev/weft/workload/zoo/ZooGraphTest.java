package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TokenReduction;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model the zoo builds is a graph: each activation an operator reads is produced by an
 * earlier operator or is an input of the model, sizes agree across every link, and nothing an
 * operator produces goes unread but the model's result.
 */
class ZooGraphTest {
    private static final Set<String> MODEL_INPUTS = Set.of("input_ids", "token_type_ids", "position_ids",
            "pixel_values", "decoder_input_ids", "encoder.relative_position_buckets",
            "decoder.relative_position_buckets");

    /**
     * Operators whose result another operator uses through an operand the IR does not list,
     * so in the graph nobody reads it: the scan's step size (Mamba's scan lists x and B/C),
     * the sums EcoFormer and linear attention divide by (their division lists the context only),
     * Qwen-MoE's shared-expert gate (its scaling lists the expert's output only).
     */
    private static final Set<String> UNLISTED_OPERANDS = Set.of("softplus", "ecoformer.ksum", "ecoformer.vsum",
            "ecoformer.norm", "linear_attn.norm", "sigmoid");

    static WorkloadSpec spec(Phase phase, int batch, AttentionKind attention) {
        return new WorkloadSpec(batch, phase == Phase.PREFILL ? 128 : 0, 0, phase, 128, attention,
                StorageFormat.DENSE, DType.FP16, 16, 25);
    }

    static Stream<Arguments> workloads() {
        List<Arguments> cases = new ArrayList<>();
        for (String model : ModelZoo.BUILT_IN) {
            cases.add(Arguments.of(model, spec(Phase.PREFILL, 2, AttentionKind.SOFTMAX)));
            if (decodes(model)) {
                cases.add(Arguments.of(model, spec(Phase.DECODE, 2, AttentionKind.SOFTMAX)));
            }
        }
        for (String config : List.of("falcon-7b", "gemma-2-2b", "llama-3.2-1b", "opt-125m", "pythia-160m",
                "qwen1.5-moe-a2.7b")) {
            String path = DecoderZooTest.userConfig(config);
            cases.add(Arguments.of(path, spec(Phase.PREFILL, 2, AttentionKind.SOFTMAX)));
            cases.add(Arguments.of(path, spec(Phase.DECODE, 2, AttentionKind.SOFTMAX)));
        }
        // T5's position bias is one table for the whole batch: one sequence keeps its link exact
        for (String t5 : List.of(T5FamilyTest.T5_SMALL, T5FamilyTest.FLAN_T5_SMALL)) {
            cases.add(Arguments.of(t5, spec(Phase.PREFILL, 1, AttentionKind.SOFTMAX)));
            cases.add(Arguments.of(t5, spec(Phase.DECODE, 1, AttentionKind.SOFTMAX).withSeq(64)));
        }
        for (AttentionKind kind : List.of(AttentionKind.ECOFORMER, AttentionKind.LINEAR)) {
            for (String model : List.of("bert-tiny", "pvtv2-b0", "swin-t", "llama-2-7b")) {
                cases.add(Arguments.of(model, spec(Phase.PREFILL, 2, kind)));
            }
            cases.add(Arguments.of("gpt2", spec(Phase.DECODE, 2, kind)));
        }
        // sizes that the stride, the window or the sliding window do not divide
        for (String model : List.of("vit-b16", "swin-t", "pvtv2-b0")) {
            cases.add(Arguments.of(model, new WorkloadSpec(2, 0, 250, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                    StorageFormat.DENSE, DType.FP16, 16, 25)));
        }
        cases.add(Arguments.of("mistral-7b", spec(Phase.PREFILL, 1, AttentionKind.SOFTMAX).withSeq(5001)));
        for (TokenReduction reduction : List.of(TokenReductionTest.DYNAMIC_VIT_07, new TokenReduction.Merge(13))) {
            cases.add(Arguments.of("deit-s", spec(Phase.PREFILL, 2, AttentionKind.SOFTMAX)
                    .withTokenReduction(reduction)));
        }
        return cases.stream();
    }

    private static boolean decodes(String model) {
        return !model.startsWith("bert") && !ModelZoo.list().stream()
                .filter(info -> info.name().equals(model)).findFirst().orElseThrow().vision();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void operatorsFormAGraph(String model, WorkloadSpec spec) {
        Workload workload = ModelZoo.build(model, spec);
        Graph graph = Graph.of(workload);
        assertEquals(List.of(), graph.problems(), "order or sizes");
        for (String input : graph.inputs()) {
            assertTrue(MODEL_INPUTS.contains(input) || spec.phase() == Phase.DECODE && isCacheRead(input)
                    || spec.attention() == AttentionKind.ECOFORMER && isHashConstant(input),
                    input + " is read but neither produced nor an input of the model");
        }
        String result = workload.operators().get(workload.operators().size() - 1).output().name();
        for (String output : graph.outputs()) {
            Operator producer = graph.producer(output);
            assertTrue(output.equals(result) || UNLISTED_OPERANDS.contains(producer.op()),
                    output + " is produced but nothing reads it");
        }
        assertTrue(graph.outputs().contains(result));
    }

    private static boolean isCacheRead(String input) {
        return input.endsWith(".k_cache") || input.endsWith(".v_cache") || input.endsWith(".conv_state");
    }

    private static boolean isHashConstant(String input) {
        return input.endsWith(".anchors") || input.endsWith(".projection");
    }

    @Test
    void bertTinyLinksEveryActivation() {
        Workload bert = ModelZoo.build("bert-tiny", spec(Phase.PREFILL, 1, AttentionKind.SOFTMAX));
        Graph graph = Graph.of(bert);
        assertEquals(Set.of("input_ids", "token_type_ids", "position_ids"), graph.inputs());
        assertEquals(Set.of("pooler.tanh.out"), graph.outputs());
        // q, k and v read the stream the embeddings' norm leaves; the residual adds it back
        assertEquals(List.of("layer0.attn.q", "layer0.attn.k", "layer0.attn.v", "layer0.attn.residual"),
                graph.consumers("embeddings.norm.out").stream().map(Operator::name).toList());
        Operator context = bert.operators().stream().filter(o -> o.name().equals("layer0.attn.core.context"))
                .findFirst().orElseThrow();
        assertEquals(List.of("layer0.attn.core.softmax.out", "layer0.attn.v.out"),
                Graph.activations(context).stream().map(t -> t.name()).toList());
        assertEquals("layer0.attn.core.softmax", graph.producer("layer0.attn.core.softmax.out").name());
    }

    @Test
    void decodeReadsTheCacheAndTheNewKey() {
        Workload gpt2 = ModelZoo.build("gpt2", spec(Phase.DECODE, 1, AttentionKind.SOFTMAX));
        Graph graph = Graph.of(gpt2);
        assertTrue(graph.inputs().containsAll(Set.of("layers3.attn.k_cache", "layers3.attn.v_cache")));
        Operator scores = graph.consumers("layers3.attn.k_cache").get(0);
        assertEquals("layers3.attn.core.scores", scores.name());
        assertEquals(List.of("layers3.attn.qkv.out#q", "layers3.attn.k_cache&layers3.attn.qkv.out#k"),
                Graph.activations(scores).stream().map(t -> t.name()).toList());
    }

    @Test
    void aMisorderedGraphIsReported() {
        Workload bert = ModelZoo.build("bert-tiny", spec(Phase.PREFILL, 1, AttentionKind.SOFTMAX));
        List<Operator> swapped = new ArrayList<>(bert.operators());
        // the sum of word and token-type embeddings before either
        swapped.add(0, swapped.remove(2));
        Workload wrong = new Workload(bert.model(), bert.family(), false, bert.spec(), swapped);
        assertTrue(Graph.of(wrong).problems().stream().anyMatch(p -> p.contains("before")));
    }
}
