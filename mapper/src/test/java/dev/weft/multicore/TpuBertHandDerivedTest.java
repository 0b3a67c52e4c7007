package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.mapper.MappedOperator;
import dev.weft.nest.Objective;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

/**
 * BERT-base (128 tokens, bf16) on tpu-v4-like: two cores of 4 x 128 x 128 MACs, HBM at
 * 1200 GB/s and 1.05 GHz = 1142.857 bytes a clock. At one sequence every projection is bound by
 * HBM: a wave's cycles are its distinct panels' bytes over that bandwidth.
 */
class TpuBertHandDerivedTest {
    private static final Architecture TPU = ArchitectureLoader.preset("tpu-v4-like");
    private static final double BYTES_PER_CYCLE = 1200e9 / 1.05e9;

    private static MappedOperator map(String name) {
        Workload bert = ModelZoo.build("bert-base", new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0,
                AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.BF16, WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS));
        Operator operator = bert.operators().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
        return new ManyCoreMapping(TPU, Objective.EDP).map(operator);
    }

    /**
     * The query projection, 128 x 768 x 768, in 128 x 128 tiles: 6 tiles, 3 waves of 2 (one a core).
     * A wave reads one input panel (128 x 768 x 2 B = 196,608 B, both tiles on the same rows), two
     * weight panels (2 x 196,608 B) and writes two output tiles (2 x 128 x 128 x 2 B = 65,536 B):
     * 655,360 B, ceil(655,360 / 1142.857) = 574 clocks; a core computes its tile in
     * 128 x 128 x 768 / 65,536 = 192 clocks, hidden under the transfer. 3 x 574 = 1722 clocks.
     */
    @Test
    void queryProjection() {
        MappedOperator q = map("layer0.attn.q");
        assertEquals(128, q.schedule().bufferTile().n());
        assertEquals(3 * (long) Math.ceil(655_360 / BYTES_PER_CYCLE), q.cost().cycles());
        assertEquals(1722, q.cost().cycles());
        assertEquals(3 * 655_360.0, q.cost().traffic().get("hbm").totalBytes(), 1e-6);
        assertEquals(3 * 192, q.cost().computeCycles());
        assertEquals("hbm", q.cost().bound());
    }

    /**
     * The first MLP layer, 128 x 768 x 3072, in 128 x 256 tiles: 12 tiles, 6 waves of 2. A wave:
     * 196,608 B of input, 2 x 256 x 768 x 2 B = 786,432 B of weights, 2 x 128 x 256 x 2 B = 131,072 B
     * of output: 1,114,112 B, ceil(1,114,112 / 1142.857) = 975 clocks; 6 x 975 = 5850.
     */
    @Test
    void firstMlpLayer() {
        MappedOperator fc1 = map("layer0.mlp.fc1");
        assertEquals(256, fc1.schedule().bufferTile().n());
        assertEquals(5850, fc1.cost().cycles());
        assertEquals(6 * 1_114_112.0, fc1.cost().traffic().get("hbm").totalBytes(), 1e-6);
    }
}
