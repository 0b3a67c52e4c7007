package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;

/** T5 as an encoder-decoder: published counts, what prefill and decode each run. */
class T5FamilyTest {
    static final String T5_SMALL = DecoderZooTest.userConfig("t5-small");
    static final String FLAN_T5_SMALL = DecoderZooTest.userConfig("flan-t5-small");

    static WorkloadSpec decode(int seq, int kv) {
        return new WorkloadSpec(1, seq, 0, Phase.DECODE, kv, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.BF16,
                16, 25);
    }

    @Test
    void parametersMatchThePublishedFigures() {
        Workload small = ModelZoo.build(T5_SMALL, DecoderZooTest.prefill(64));
        // sum of the checkpoint's tensor shapes; Raffel et al. 2020 (T5 paper, section 3.7): T5-Small 60M
        assertEquals(60_506_624L, small.params());
        assertEquals(60e6, small.params(), 60e6 * 0.01);
        Workload flan = ModelZoo.build(FLAN_T5_SMALL, DecoderZooTest.prefill(64));
        // gated GELU, untied head; google/flan-t5-small on the Hub: 77.0M
        assertEquals(76_961_152L, flan.params());
        assertEquals(77.0e6, flan.params(), 77.0e6 * 0.01);
    }

    @Test
    void decodeRunsOneDecoderStepAndHoldsTheEncoderIdle() {
        Workload prefill = ModelZoo.build(T5_SMALL, DecoderZooTest.prefill(64));
        Workload step = ModelZoo.build(T5_SMALL, decode(64, 10));
        assertEquals(prefill.params(), step.params(), "the same parameters, read or not");
        assertTrue(step.operators().stream().noneMatch(o -> o.name().startsWith("encoder.")));
        assertFalse(step.operators().stream().anyMatch(o -> o.name().endsWith(".cross.k")));
        // idle: the encoder's layers, norm and bias table, and 6 x 2 cross-attention K and V projections
        long encoder = 6 * (4L * 512 * 512 + 2L * 512 * 2048 + 2 * 512) + 512 + 32 * 8;
        assertEquals(encoder + 6 * 2L * 512 * 512, step.idleParams());
        Operator self = DecoderZooTest.op(step, "decoder.layers0.attn.core.scores");
        assertEquals(10, self.size("N"));
        Operator cross = DecoderZooTest.op(step, "decoder.layers0.cross.core.scores");
        assertEquals(64, cross.size("N"));
        assertEquals(1, cross.size("M"));
        assertTrue(step.operators().stream().anyMatch(o -> o.name().equals("decoder.layers0.attn.core.position_bias")));
    }

    @Test
    void prefillEncodesTheInputAndRunsTheFirstDecoderStep() {
        Workload w = ModelZoo.build(T5_SMALL, DecoderZooTest.prefill(64));
        assertEquals(64, DecoderZooTest.op(w, "encoder.layers0.attn.core.scores").size("N"));
        assertEquals(64, DecoderZooTest.op(w, "decoder.layers5.cross.k").size("M"));
        assertEquals(1, DecoderZooTest.op(w, "decoder.layers0.attn.core.scores").size("N"));
        assertEquals("relu", DecoderZooTest.op(w, "encoder.layers0.mlp.act").op());
        assertEquals(0, w.idleParams());
    }

    @Test
    void decodeNeedsTheInputLength() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> ModelZoo.build(T5_SMALL, decode(0, 8)));
        assertTrue(e.getMessage().contains("--seq"), e.getMessage());
    }
}
