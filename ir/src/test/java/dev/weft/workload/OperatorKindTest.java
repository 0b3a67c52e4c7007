package dev.weft.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.zoo.ModelZoo;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The graph builders give every operator the kind its work has; an operator refuses a kind that does not fit. */
class OperatorKindTest {

    private static WorkloadSpec spec(Phase phase, AttentionKind attention) {
        return new WorkloadSpec(1, phase == Phase.PREFILL ? 64 : 0, 0, phase, 64, attention, StorageFormat.DENSE,
                DType.FP16, 16, 25);
    }

    private static Map<String, Operator> byName(Workload workload) {
        return workload.operators().stream().collect(Collectors.toMap(Operator::name, Function.identity()));
    }

    @Test
    void bertLayerKinds() {
        Map<String, Operator> ops = byName(ModelZoo.build("bert-tiny", spec(Phase.PREFILL, AttentionKind.SOFTMAX)));
        Map<OperatorKind, Long> kinds = ops.values().stream().filter(o -> o.block().equals("layer0"))
                .collect(Collectors.groupingBy(Operator::kind, Collectors.counting()));
        // q, k, v, output, two MLP linears; the two attention products; two layernorms, softmax; GELU, two residuals
        assertEquals(Map.of(OperatorKind.CONTRACTION, 6L,
                new OperatorKind.Contraction(Role.ATTENTION_SCORES), 1L,
                new OperatorKind.Contraction(Role.ATTENTION_CONTEXT), 1L,
                new OperatorKind.RowReduction("N", 2, false), 2L,
                new OperatorKind.RowReduction("N", 3, true), 1L,
                OperatorKind.ELEMENT_WISE, 3L), kinds);
        Operator embedding = ops.values().stream().filter(o -> o.op().equals("embedding")).findFirst().orElseThrow();
        assertEquals(new OperatorKind.Gather("V"), embedding.kind());
    }

    @Test
    void scansStepAlongTheirTimeAxis() {
        Workload mamba = ModelZoo.build("mamba-130m", spec(Phase.PREFILL, AttentionKind.SOFTMAX));
        List<Operator> scans = mamba.operators().stream().filter(o -> o.kind() instanceof OperatorKind.Scan).toList();
        assertEquals(24, scans.size());
        scans.forEach(scan -> assertEquals(new OperatorKind.Scan("L"), scan.kind()));
        assertEquals(64, scans.get(0).size("L"));
    }

    @Test
    void linearAttentionAndEcoFormerContextsReadASummary() {
        for (AttentionKind attention : List.of(AttentionKind.LINEAR, AttentionKind.ECOFORMER)) {
            Workload w = ModelZoo.build("bert-tiny", spec(Phase.PREFILL, attention));
            assertEquals(2, w.operators().stream().filter(o -> o.kind().is(Role.SUMMARY_CONTEXT)).count(),
                    attention.name());
            assertTrue(w.operators().stream().noneMatch(o -> o.kind().softmaxAttention()), attention.name());
        }
    }

    @Test
    void aKindMustFitTheComputeAndNameDimensionsTheOperatorHas() {
        List<Dim> dims = List.of(new Dim("M", 4), new Dim("N", 8));
        List<TensorSpec> tensors = List.of(
                new TensorSpec("x", TensorRole.INPUT, List.of(Axis.of("M"), Axis.of("N")), DType.FP16,
                        StorageFormat.DENSE),
                new TensorSpec("y", TensorRole.OUTPUT, List.of(Axis.of("M"), Axis.of("N")), DType.FP16,
                        StorageFormat.DENSE));
        Compute vector = new Compute.Vector(DType.FP16, 0, 1, 0);
        IllegalArgumentException misfit = assertThrows(IllegalArgumentException.class,
                () -> new Operator("op", "op", "b", dims, tensors, vector, OperatorKind.CONTRACTION));
        assertEquals("op: a contraction cannot compute Vector", misfit.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new Operator("op", "op", "b", dims, tensors, vector, new OperatorKind.Scan("L")));
        assertEquals("op: its scan names unknown dimension L", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OperatorKind.RowReduction("N", 0, false));
    }
}
