package dev.weft.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PresetInfo;
import dev.weft.cost.VectorCostModel;
import dev.weft.error.WeftInputException;
import dev.weft.nest.Objective;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Dim;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.TokenReduction;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry prices every kind the zoo builds on every preset, and takes a new kind without other edits. */
class OperatorModelsTest {

    private static WorkloadSpec spec(Phase phase, AttentionKind attention) {
        return spec(phase, attention, DType.INT8);
    }

    private static WorkloadSpec spec(Phase phase, AttentionKind attention, DType dtype) {
        return new WorkloadSpec(1, phase == Phase.PREFILL ? 64 : 0, 0, phase, 64, attention, StorageFormat.DENSE,
                dtype, 16, 25);
    }

    /** Every built-in model, prefill and (where it decodes) decode, each attention variant, token reduction. */
    static List<Workload> zoo() {
        List<Workload> workloads = new ArrayList<>();
        for (ModelZoo.ModelInfo model : ModelZoo.list()) {
            workloads.add(ModelZoo.build(model.name(), spec(Phase.PREFILL, AttentionKind.SOFTMAX)));
            if (!model.vision() && !model.name().startsWith("bert")) {
                workloads.add(ModelZoo.build(model.name(), spec(Phase.DECODE, AttentionKind.SOFTMAX)));
            }
        }
        for (AttentionKind attention : List.of(AttentionKind.ECOFORMER, AttentionKind.LINEAR)) {
            for (String model : List.of("bert-tiny", "pvtv2-b0", "swin-t", "llama-tiny")) {
                workloads.add(ModelZoo.build(model, spec(Phase.PREFILL, attention)));
            }
        }
        for (TokenReduction reduction : List.of(TokenReduction.Keep.parse("1,1,1,0.7,0.7,0.7,0.49,0.49,0.49,0.343"),
                new TokenReduction.Merge(13))) {
            workloads.add(ModelZoo.build("deit-s", spec(Phase.PREFILL, AttentionKind.SOFTMAX)
                    .withTokenReduction(reduction)));
        }
        return workloads;
    }

    @Test
    void everyKindTheZooBuildsHasAModelOnEveryPreset() {
        List<Workload> workloads = zoo();
        Set<Class<?>> kinds = new LinkedHashSet<>();
        workloads.forEach(w -> w.operators().forEach(o -> kinds.add(o.kind().getClass())));
        // the zoo builds the whole standard family, so the loop below checks a model for each
        assertEquals(Set.of(OperatorKind.Contraction.class, OperatorKind.ElementWise.class,
                OperatorKind.RowReduction.class, OperatorKind.Gather.class, OperatorKind.Scan.class), kinds);
        OperatorModels registry = OperatorModels.standard();
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(preset.name());
            for (Workload workload : workloads) {
                for (Operator operator : workload.operators()) {
                    OperatorModels.Entry entry = registry.entryFor(operator, arch);
                    assertTrue(UnitKind.of(arch).contains(entry.unit()), preset.name() + " " + operator.name());
                    assertEquals(operator.isContraction(), entry.unit() != UnitKind.VECTOR,
                            preset.name() + " " + operator.name() + " on " + entry.unit());
                }
            }
        }
    }

    /** A model is found for each unit kind, and it runs: one operator of each kind mapped on each preset. */
    @Test
    void theRegisteredModelOfEachKindMapsOnEachPreset() {
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(preset.name());
            Map<Class<?>, Operator> firstOfKind = new LinkedHashMap<>();
            for (String model : List.of("bert-tiny", "mamba-130m")) {
                ModelZoo.build(model, spec(Phase.PREFILL, AttentionKind.SOFTMAX, arch.nativeDtype())).operators()
                        .forEach(o -> firstOfKind.putIfAbsent(o.kind().getClass(), o));
            }
            assertEquals(5, firstOfKind.size(), firstOfKind.keySet().toString());
            Mapper mapper = new Mapper(arch, 1, 256);
            for (Operator operator : firstOfKind.values()) {
                MappedOperator mapped = mapper.map(operator);
                assertTrue(mapped.cost().cycles() > 0, preset.name() + " " + operator.name());
                assertEquals(operator.isContraction(), !mapped.schedule().onVectorUnit(),
                        preset.name() + " " + operator.name());
            }
        }
    }

    /** A kind defined outside the IR: a lookup table of {@code T} entries per point, one lane cycle each. */
    record Lookup(String tableDim) implements OperatorKind.Extension {
        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Gather;
        }

        @Override
        public List<String> dims() {
            return List.of(tableDim);
        }

        @Override
        public String label() {
            return "lookup";
        }
    }

    /** The toy model: a lookup compares each point's key with every entry of the table, one lane cycle each. */
    static final class LookupModel implements OperatorModel {
        private final VectorCostModel lanes;

        LookupModel(Architecture arch) {
            this.lanes = new VectorCostModel(arch);
        }

        @Override
        public MappedOperator map(Operator operator) {
            Operator compares = new Operator(operator.name(), operator.op(), operator.block(), operator.dims(),
                    operator.tensors(), new Compute.Vector(DType.INT8, 0, 1, 0), OperatorKind.ELEMENT_WISE);
            return new MappedOperator(operator, OperatorSchedule.vector(operator.name()), lanes.evaluate(compares));
        }

        @Override
        public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
            return map(operator);
        }

        @Override
        public long evaluated() {
            return 0;
        }
    }

    private static Operator lookup() {
        return new Operator("probe", "lookup", "b", List.of(new Dim("M", 100), new Dim("T", 8)), List.of(
                new TensorSpec("keys", TensorRole.INPUT, List.of(dev.weft.workload.Axis.of("M")), DType.INT8,
                        StorageFormat.DENSE),
                new TensorSpec("probe.out", TensorRole.OUTPUT, List.of(dev.weft.workload.Axis.of("M")), DType.INT8,
                        StorageFormat.DENSE)), new Compute.Gather(DType.INT8), new Lookup("T"));
    }

    @Test
    void aNewKindAndItsModelAreOneClassEachAndOneRegistration() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        OperatorModels registry = OperatorModels.standard().with(Lookup.class, UnitKind.VECTOR,
                (machine, setup) -> new LookupModel(machine));
        MappedOperator mapped = new Mapper(arch, 1, Mapper.DEFAULT_BUDGET, Objective.EDP, registry).map(lookup());
        // 100 points x 8 entries = 800 probes over the preset's lanes
        long lanes = arch.vector().lanes();
        assertEquals((800 + lanes - 1) / lanes, mapped.cost().computeCycles());
        assertSame(OperatorKind.Extension.class, mapped.operator().kind().getClass().getInterfaces()[0]);
        assertEquals(UnitKind.VECTOR, registry.entryFor(lookup(), arch).unit());
        // the standard models stay as they were
        Operator linear = ModelZoo.build("bert-tiny", spec(Phase.PREFILL, AttentionKind.SOFTMAX)).operators().stream()
                .filter(Operator::isContraction).findFirst().orElseThrow();
        assertSame(OperatorModels.standard().entryFor(linear, arch).factory(),
                registry.entryFor(linear, arch).factory());
    }

    @Test
    void aKindWithoutAModelNamesTheOperatorTheKindAndTheUnits() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> new Mapper(arch, 1, Mapper.DEFAULT_BUDGET).map(lookup()));
        String message = e.getMessage();
        assertTrue(message.contains("probe is a lookup (lookup)"), message);
        assertTrue(message.contains("[SYSTOLIC_ARRAY, VECTOR]"), message);
        assertTrue(message.contains("register a model for Lookup in dev.weft.mapper.OperatorModels"), message);
    }

    @Test
    void aSecondModelForTheSameKindAndUnitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorModels.standard()
                .with(OperatorKind.Scan.class, UnitKind.VECTOR, (arch, setup) -> null));
        assertEquals("Scan on VECTOR has a model already", e.getMessage());
    }

    @Test
    void unitsFollowTheMachine() {
        assertEquals(List.of(UnitKind.SYSTOLIC_ARRAY, UnitKind.VECTOR),
                UnitKind.of(ArchitectureLoader.preset("systolic-32x32-int8")));
        Architecture many = ArchitectureLoader.presets().stream().map(p -> ArchitectureLoader.preset(p.name()))
                .filter(a -> a.cores().many()).findFirst().orElseThrow();
        assertEquals(List.of(UnitKind.MANY_CORE, UnitKind.VECTOR), UnitKind.of(many));
        Architecture spatial = ArchitectureLoader.presets().stream().map(p -> ArchitectureLoader.preset(p.name()))
                .filter(a -> a.loopNest() && !a.cores().many()).findFirst().orElseThrow();
        assertEquals(List.of(UnitKind.SPATIAL_ARRAY, UnitKind.VECTOR), UnitKind.of(spatial));
        assertInstanceOf(ArrayMapping.class, OperatorModels.standard().find(OperatorKind.Contraction.class,
                UnitKind.SYSTOLIC_ARRAY).orElseThrow().factory().create(ArchitectureLoader.preset(
                "systolic-32x32-int8"), new OperatorModels.Setup(1, 1, Objective.EDP)));
    }
}
