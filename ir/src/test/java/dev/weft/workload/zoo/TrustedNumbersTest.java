package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.arch.VectorUnit;
import dev.weft.arch.VectorWork;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes and operands that the zoo once got wrong ("Numbers users can trust"), one test per mistake. */
class TrustedNumbersTest {
    static final VectorUnit LANES = new VectorUnit(1, DType.INT8, 0, 0);

    static WorkloadSpec decode(int kv) {
        return new WorkloadSpec(1, 0, 0, Phase.DECODE, kv, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.INT8,
                16, 25);
    }

    static Operator op(Workload w, String name) {
        return ModelZooStructureTest.op(w, name);
    }

    static long elements(Operator op, int operand) {
        TensorSpec tensor = op.operands().get(operand);
        return tensor.elements(op.dimSizes());
    }

    /** TinyLlama's shape (hidden 2048, 32 heads of 64) with {@code kvHeads} key/value heads. */
    static Workload tinyLlamaShaped(Path dir, int kvHeads, WorkloadSpec spec) throws Exception {
        Path config = dir.resolve("kv" + kvHeads + ".json");
        Files.writeString(config, """
                {"model_type": "llama", "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 2,
                 "num_attention_heads": 32, "num_key_value_heads": %d, "vocab_size": 32000,
                 "max_position_embeddings": 2048}
                """.formatted(kvHeads));
        return ModelZoo.build(config.toString(), spec);
    }

    @Test
    void keyValueCacheScalesWithKeyValueHeads(@TempDir Path dir) throws Exception {
        Workload gqa = tinyLlamaShaped(dir, 4, decode(2048));
        Workload mha = tinyLlamaShaped(dir, 32, decode(2048));
        // the K operand of the scores and the V operand of the context are the cache: kv_heads x kv x head_dim
        assertEquals(4L * 2048 * 64, elements(op(gqa, "layers0.attn.core.scores"), 1));
        assertEquals(32L * 2048 * 64, elements(op(mha, "layers0.attn.core.scores"), 1));
        assertEquals(4L * 2048 * 64, elements(op(gqa, "layers0.attn.core.context"), 1));
        // the query heads still each do their products: 32 heads x 2048 keys x 64
        assertEquals(32.0 * 2048 * 64, op(gqa, "layers0.attn.core.scores").macs());
        assertEquals(op(mha, "layers0.attn.core.context").macs(), op(gqa, "layers0.attn.core.context").macs());
    }

    @Test
    void binaryElementWiseOperatorsReadBothOperands() {
        Workload gpt2 = ModelZoo.build("gpt2", decode(16));
        VectorWork residual = VectorWork.of(op(gpt2, "layers0.attn.residual"), LANES);
        // 768 int8 elements: two terms read, one sum written
        assertEquals(2 * 768, residual.inBytes());
        assertEquals(768, residual.outBytes());
        Workload llama = ModelZoo.build("llama-2-7b", decode(16));
        assertEquals(2 * 11008, VectorWork.of(op(llama, "layers0.mlp.gated"), LANES).inBytes());
    }

    @Test
    void decodeGathersOnePositionRowNotTheWholeTable() {
        Workload gpt2 = ModelZoo.build("gpt2", decode(1024));
        Operator position = op(gpt2, "embed_positions");
        assertInstanceOf(Compute.Gather.class, position.compute());
        // one 768-byte row and its int32 id, as the token embedding
        VectorWork wpe = VectorWork.of(position, LANES);
        assertEquals(768 + 4, wpe.inBytes());
        assertEquals(VectorWork.of(op(gpt2, "embed_tokens"), LANES).inBytes(), wpe.inBytes());
        assertEquals(1024L * 768, position.weights().get(0).elements(position.dimSizes()), "the table stays whole");
    }

    @Test
    void layerNormCountsThreeProductsPerElement() {
        GraphBuilder g = new GraphBuilder(DType.FP32, StorageFormat.DENSE);
        g.layerNorm("ln", "b", "x", 10, 64);
        Operator ln = g.operators().get(0);
        // square, times the reciprocal deviation, times the weight; two sums, centring, shift
        assertEquals(3.0 * 10 * 64, ln.muls());
        assertEquals(4.0 * 10 * 64, ln.adds());
        assertEquals(10.0, ln.nonlinear(), 1e-9);
    }
}
