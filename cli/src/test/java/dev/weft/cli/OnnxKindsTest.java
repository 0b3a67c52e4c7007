package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PresetInfo;
import dev.weft.mapper.OperatorModels;
import dev.weft.onnx.OnnxImporter;
import dev.weft.onnx.UnknownOps;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An imported ONNX model has the kinds (roles included) the zoo gives the same model, and every one
 * has a model on every preset.
 */
class OnnxKindsTest {
    private static final Path FIXTURES = Path.of("../onnx/src/test/resources/fixtures");
    private static final WorkloadSpec SPEC = new WorkloadSpec(1, 32, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
            StorageFormat.DENSE, DType.FP32, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);

    /** The kinds, not their counts: an export folds constant lookups and ORT fuses the QKV projections. */
    private static Set<OperatorKind> kinds(Workload workload) {
        return workload.operators().stream().map(Operator::kind).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @CsvSource({"bert-fixture.onnx, bert-fixture.json", "bert-fixture-ort.onnx, bert-fixture.json",
            "bert-fixture-int8.onnx, bert-fixture.json", "gpt2-fixture.onnx, gpt2-fixture.json",
            "gpt2-fixture-int8.onnx, gpt2-fixture.json", "vit-fixture.onnx, vit-fixture.json"})
    void importedKindsAreTheZoosAndEachHasAModelOnEveryPreset(String onnx, String config) {
        Workload imported = OnnxImporter.load(FIXTURES.resolve(onnx), SPEC, UnknownOps.ERROR).workload();
        Workload zoo = ModelZoo.build(FIXTURES.resolve(config).toString(), SPEC);
        assertEquals(kinds(zoo), kinds(imported));
        OperatorModels registry = OperatorModels.standard();
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(preset.name());
            for (Operator operator : imported.operators()) {
                assertTrue(registry.entryFor(operator, arch) != null, preset.name() + " " + operator.name());
            }
        }
    }

    /** An operator the importer does not know runs element-wise on the vector unit when asked to. */
    @ParameterizedTest
    @CsvSource({"unknown-op.onnx"})
    void unknownOperatorsAreElementWise(String onnx) {
        Workload imported = OnnxImporter.load(FIXTURES.resolve(onnx), SPEC, UnknownOps.VECTOR).workload();
        Map<String, Operator> byLabel = imported.operators().stream()
                .collect(Collectors.toMap(Operator::op, Function.identity(), (a, b) -> a));
        Operator unknown = byLabel.entrySet().stream().filter(e -> e.getKey().startsWith("unknown:")).findFirst()
                .orElseThrow().getValue();
        assertEquals(OperatorKind.ELEMENT_WISE, unknown.kind());
    }
}
