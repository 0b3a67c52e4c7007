package dev.weft.parallel;

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
import dev.weft.workload.zoo.ModelZoo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** GPT-2 (12 layers, 12 heads, d = 768, d_ff = 3072) split Megatron-style. */
class TensorParallelTest {
    private static Workload gpt2(Phase phase, int kv) {
        return ModelZoo.build("gpt2", new WorkloadSpec(2, 16, 0, phase, kv, AttentionKind.SOFTMAX, StorageFormat.DENSE,
                DType.FP16, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS));
    }

    private static Map<String, Operator> byName(Workload workload) {
        return workload.operators().stream().collect(Collectors.toMap(Operator::name, o -> o));
    }

    @Test
    void columnThenRowParallelWithOneAllReduceEach() {
        TensorParallel.Split split = TensorParallel.split(gpt2(Phase.PREFILL, 0), 4);
        Map<String, Operator> ops = byName(split.device());
        assertEquals(3 * 768 / 4, ops.get("layers0.attn.qkv").size("N"));
        assertEquals(768, ops.get("layers0.attn.qkv").size("K"));
        assertEquals(3, ops.get("layers0.attn.core.scores").size("H"));
        assertEquals(3, ops.get("layers0.attn.core.context").size("H"));
        assertEquals(768 / 4, ops.get("layers0.attn.out").size("K"));
        assertEquals(768, ops.get("layers0.attn.out").size("N"));
        assertEquals(3072 / 4, ops.get("layers0.mlp.up").size("N"));
        assertEquals(3072 / 4, ops.get("layers0.mlp.act").size("N"));
        assertEquals(3072 / 4, ops.get("layers0.mlp.down").size("K"));
        assertEquals(768, ops.get("layers0.mlp_norm").size("N"), "norms run whole on every device");
        // softmax rows are batch x heads x queries: 2 x 12 x 16 over 4 devices
        assertEquals(2 * 12 * 16 / 4, ops.get("layers0.attn.core.softmax").size("M"));
        // one all-reduce after each row-parallel layer: 2 a layer, of the 2 x 16 x 768 fp16 output
        assertEquals(24, split.allReduces().size());
        assertTrue(split.allReduces().stream().allMatch(r -> r.bytes() == 2 * 16 * 768 * 2 && r.devices() == 4));
        // the output head is column-parallel over the vocabulary, padded: ceil(50257 / 4)
        assertEquals(12565, ops.get("lm_head").size("N"));
    }

    /** Each device does a quarter of every layer's MACs. */
    @Test
    void layerMacsDivideByTheDevices() {
        Workload whole = gpt2(Phase.DECODE, 64);
        Workload device = TensorParallel.split(whole, 4).device();
        double wholeLayer = whole.operators().stream().filter(o -> o.block().equals("layers3"))
                .mapToDouble(o -> o.isContraction() ? o.points() : 0).sum();
        double deviceLayer = device.operators().stream().filter(o -> o.block().equals("layers3"))
                .mapToDouble(o -> o.isContraction() ? o.points() : 0).sum();
        assertEquals(wholeLayer / 4, deviceLayer, 1e-6 * wholeLayer);
    }

    @Test
    void moreDevicesThanHeadsIsRefused() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> TensorParallel.split(gpt2(Phase.PREFILL, 0), 16));
        assertTrue(e.getMessage().contains("splits the 12 heads of gpt2 over 16 devices, which is more devices than heads"),
                e.getMessage());
        assertThrows(WeftInputException.class, () -> TensorParallel.split(gpt2(Phase.PREFILL, 0), 5));
    }

    @Test
    void stagesTakeConsecutiveLayers() {
        List<Set<String>> stages = PipelineStages.assign(gpt2(Phase.PREFILL, 0), 5);
        assertEquals(5, stages.size());
        assertTrue(stages.get(0).contains("embeddings") && stages.get(0).contains("layers2")
                && !stages.get(0).contains("layers3"), stages.get(0).toString());
        assertEquals(Set.of("layers10", "layers11", "head"), stages.get(4));
        assertThrows(WeftInputException.class, () -> PipelineStages.assign(gpt2(Phase.PREFILL, 0), 13));
    }
}
