package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch of 37, 512 and 128 tokens through bert-base, padded and packed, counted by hand. */
class PackedBatchTest {
    private static final List<Integer> LENGTHS = List.of(37, 512, 128);
    private static final WorkloadSpec SPEC = new WorkloadSpec(1, 37, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
            StorageFormat.DENSE, DType.INT8, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
    /** Per token and layer: Q, K, V, output projections 4 x 768^2 and the MLP 2 x 768 x 3072. */
    private static final long LINEAR_PER_TOKEN = 4L * 768 * 768 + 2L * 768 * 3072;
    /** The pooler's dense layer, once per sequence. */
    private static final long POOLER = 3L * 768 * 768;

    @Test
    void paddedRunsEverySequenceAtTheLongestLength() {
        Workload padded = PackedBatch.padded("bert-base", SPEC, LENGTHS);
        // 12 layers x (1536 tokens x linear + 3 sequences x QK^T and AV, 2 x 512^2 x 768)
        long perLayer = 1536 * LINEAR_PER_TOKEN + 3L * 2 * 512 * 512 * 768;
        assertEquals(12 * perLayer + POOLER, padded.macs());
        assertEquals(1536, padded.tokens());
    }

    @Test
    void packedRunsRealTokensAndEachSequencesOwnAttention() {
        Workload packed = PackedBatch.packed("bert-base", SPEC, LENGTHS);
        // 12 layers x (677 tokens x linear + QK^T and AV of 37^2, 512^2 and 128^2 scores, 2 x 768 MACs each)
        long perLayer = 677 * LINEAR_PER_TOKEN + 2L * 768 * (37 * 37 + 512 * 512 + 128 * 128);
        assertEquals(12 * perLayer + POOLER, packed.macs());
        assertEquals(677, packed.tokens());
        assertEquals(List.of(), Graph.of(packed).problems());
        List<String> cores = packed.operators().stream().map(Operator::name)
                .filter(n -> n.startsWith("layer0.attn.") && n.endsWith(".scores")).toList();
        assertEquals(List.of("layer0.attn.seq1.core.scores", "layer0.attn.seq2.core.scores",
                "layer0.attn.seq3.core.scores"), cores);
        Operator out = packed.operators().stream().filter(o -> o.name().equals("layer0.attn.out")).findFirst()
                .orElseThrow();
        assertTrue(Graph.activations(out).get(0).name().startsWith("layer0.attn.seq1.core.context.out&"),
                Graph.activations(out).get(0).name());
    }

    @Test
    void decodeIsRefused() {
        WorkloadSpec decode = new WorkloadSpec(1, 1, 0, Phase.DECODE, 64, AttentionKind.SOFTMAX, StorageFormat.DENSE,
                DType.INT8, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        assertThrows(WeftInputException.class, () -> PackedBatch.packed("gpt2", decode, LENGTHS));
    }
}
