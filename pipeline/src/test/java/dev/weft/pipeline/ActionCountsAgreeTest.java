package dev.weft.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.actions.ActionCounts;
import dev.weft.actions.ComputeAction;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Operand;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.fusion.Fusion;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.MappedOperator;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.sim.model.SimulatedOperator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytic model and the simulator count the same actions in one vocabulary: operator by
 * operator, the same compute actions, and at every storage level the same reads and writes of
 * each operand (input, weight, output), in the same unit (bytes on systolic machines, port
 * accesses on loop-nest ones). A failure lists every operator, level and operand that differ,
 * with both figures.
 */
class ActionCountsAgreeTest {
    private static final double RELATIVE = 1e-9;

    @ParameterizedTest(name = "{0} {1} on {2}, {3} attention, fusion {4}")
    @CsvSource({
        "bert-tiny, prefill, systolic-32x32-int8, softmax,   none",
        "bert-tiny, prefill, systolic-32x32-int8, softmax,   all",
        "gpt2,      decode,  systolic-32x32-int8, softmax,   none",
        "gpt2,      decode,  systolic-32x32-int8, softmax,   all",
        "bert-tiny, prefill, edge-xnor-int8,      ecoformer, none",
        "bert-tiny, prefill, edge-xnor-int8,      ecoformer, all",
        "gpt2,      decode,  edge-xnor-int8,      ecoformer, none",
        "gpt2,      decode,  edge-xnor-int8,      ecoformer, all",
        "bert-tiny, prefill, zigzag-tpu-like,     softmax,   none",
        "gpt2,      decode,  simba-like,          softmax,   none",
    })
    void analyticAndSimulatedCountsAgreePerLevelPerOperand(String model, String phase, String preset,
                                                           String attention, String fusion) {
        Architecture arch = ArchitectureLoader.preset(preset);
        Phase parsed = Phase.parse(phase, "phase", null);
        WorkloadSpec spec = new WorkloadSpec(1, parsed == Phase.DECODE ? 1 : 64, 0, parsed,
                parsed == Phase.DECODE ? 128 : 0, AttentionKind.parse(attention, "attention", null),
                StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Workload workload = ModelZoo.build(model, spec);
        Fusion allowed = Fusion.parse(fusion, "--fusion");
        Estimator.Mapping mapping = Estimator.map(workload, arch, Estimator.Options.search(1).withFusion(allowed),
                done -> { });
        // fused cases must price members inside groups, blocked softmax attention on the MAC array among them
        assertEquals(allowed == Fusion.NONE, mapping.plan().groups().isEmpty(), "fusion groups");
        assertEquals(allowed != Fusion.NONE && attention.equals("softmax"),
                mapping.plan().groups().stream().anyMatch(g -> g.blocked()), "blocked attention groups");
        List<String> differ = compare(arch, mapping);
        assertTrue(differ.isEmpty(), differ.size() + " counts differ:\n" + String.join("\n", differ));
    }

    /**
     * One GEMM, {@code O[64,48] = A[64,96] B[96,48]} in int8 on the 32x32 weight-stationary array, whose
     * buffer tile the mapper makes 64 x 48 x 32: all of M and N, and K in three tiles of the array's 32 rows.
     * Only the k loop steps, so each tile of A and B is fetched once and the output tile stays in the buffer
     * until its reduction ends. Counted by hand:
     * <ul>
     *   <li>DRAM: A read once, 64 x 96 = 6144 bytes; B once, 96 x 48 = 4608; the output written once at int8,
     *       64 x 48 = 3072, and no partial sum ever spilled;</li>
     *   <li>GLB: what DRAM brings lands (6144 and 4608 written); the array reads A once per column fold,
     *       6144 x ceil(48 / 32) = 12288, and B once, 4608; each k tile is one row fold, which writes the
     *       64 x 48 int32 partial sums (3 x 3072 x 4 = 36864 bytes), and the two after the first read them
     *       back to accumulate (2 x 3072 x 4 = 24576); the finished output leaves for DRAM (3072 read);</li>
     *   <li>PE_REG (1-byte words): per MAC one read of A, one of B and one write of the accumulator,
     *       64 x 48 x 96 = 294912 each.</li>
     * </ul>
     */
    @Test
    void aSmallGemmCountedByHand() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload gemm = GemmWorkload.of(64, 96, 48, 1, DType.INT8);
        Estimator.Mapping mapping = Estimator.map(gemm, arch, Estimator.Options.search(1), done -> { });
        assertEquals(new GemmTile(64, 48, 32), mapping.schedule().operators().get(0).bufferTile(),
                "the hand count assumes this buffer tile");
        ActionCounts analytic = mapping.operators().get(0).cost().actions();
        ActionCounts simulated = simulate(arch, gemm, mapping).get(0).actions();
        for (ActionCounts counts : List.of(analytic, simulated)) {
            assertEquals(64 * 96 * 48, counts.count(new ComputeAction.PeAction("mac")), 0);
            assertAccess(6144, 0, counts, "DRAM", Operand.INPUT);
            assertAccess(4608, 0, counts, "DRAM", Operand.WEIGHT);
            assertAccess(0, 3072, counts, "DRAM", Operand.OUTPUT);
            assertAccess(12288, 6144, counts, "GLB", Operand.INPUT);
            assertAccess(4608, 4608, counts, "GLB", Operand.WEIGHT);
            assertAccess(24576 + 3072, 36864, counts, "GLB", Operand.OUTPUT);
            assertAccess(294912, 0, counts, "PE_REG", Operand.INPUT);
            assertAccess(294912, 0, counts, "PE_REG", Operand.WEIGHT);
            assertAccess(0, 294912, counts, "PE_REG", Operand.OUTPUT);
        }
        assertEquals(List.of(), compare(arch, mapping));
    }

    private static void assertAccess(double reads, double writes, ActionCounts counts, String level, Operand operand) {
        ActionCounts.Access access = counts.accesses().get(level).get(operand);
        assertEquals(reads, access.reads(), 0, level + " " + operand.label() + " reads");
        assertEquals(writes, access.writes(), 0, level + " " + operand.label() + " writes");
    }

    private static List<SimulatedOperator> simulate(Architecture arch, Workload workload, Estimator.Mapping mapping) {
        return new ModelSimulator(arch, ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST).run(workload,
                mapping.schedule(), new ArchEnergyTable(arch), mapping.stats(), mapping.plan().fusion().label(),
                done -> { }).operators();
    }

    /** Every count that differs between the analytic model and the simulator, operator by operator. */
    private static List<String> compare(Architecture arch, Estimator.Mapping mapping) {
        List<SimulatedOperator> simulated = simulate(arch, mapping.workload(), mapping);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < mapping.operators().size(); i++) {
            MappedOperator mapped = mapping.operators().get(i);
            String name = mapped.operator().name();
            ActionCounts analytic = mapped.cost().actions();
            ActionCounts sim = simulated.get(i).actions();
            assertEquals(name, simulated.get(i).operator().name());
            Set<ComputeAction> actions = new HashSet<>(analytic.compute().keySet());
            actions.addAll(sim.compute().keySet());
            for (ComputeAction action : actions) {
                check(differ, name + " " + action, analytic.count(action), sim.count(action));
            }
            Set<String> levels = new HashSet<>(analytic.accesses().keySet());
            levels.addAll(sim.accesses().keySet());
            for (String level : levels) {
                for (Operand operand : Operand.values()) {
                    ActionCounts.Access a = access(analytic, level, operand);
                    ActionCounts.Access s = access(sim, level, operand);
                    String where = name + " " + level + " " + operand.label();
                    if (a.unit() != s.unit() && a.reads() + a.writes() > 0 && s.reads() + s.writes() > 0) {
                        differ.add(where + ": analytic in " + a.unit() + ", simulated in " + s.unit());
                    }
                    check(differ, where + " reads", a.reads(), s.reads());
                    check(differ, where + " writes", a.writes(), s.writes());
                }
            }
        }
        return differ;
    }

    private static ActionCounts.Access access(ActionCounts counts, String level, Operand operand) {
        return counts.accesses().getOrDefault(level, Map.of()).getOrDefault(operand,
                new ActionCounts.Access(0, 0, ActionCounts.AccessUnit.BYTES));
    }

    private static void check(List<String> differ, String where, double analytic, double simulated) {
        if (Math.abs(analytic - simulated) > RELATIVE * Math.max(Math.abs(analytic), Math.abs(simulated))) {
            differ.add(String.format(Locale.ROOT, "%s: analytic %.1f, simulated %.1f", where, analytic, simulated));
        }
    }
}
