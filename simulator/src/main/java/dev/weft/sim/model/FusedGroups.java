package dev.weft.sim.model;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.StorageLevel;
import dev.weft.arch.VectorWork;
import dev.weft.error.WeftInputException;
import dev.weft.arch.AttentionBlockTiming;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.schedule.Schedule;
import dev.weft.sim.BlockedAttention;
import dev.weft.sim.MemorySpec;
import dev.weft.sim.SplitAttention;
import dev.weft.sim.Tensor;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The members of a schedule's fusion groups, executed as their groups run them:
 * <ul>
 *   <li>a softmax attention core with blocks runs block pair by block pair ({@link BlockedAttention}); in
 *       decode, when the schedule cuts its keys into parts, it also runs split ({@link SplitAttention}) for the
 *       split-K figures, its layers keeping the unsplit kernel's cycles as the analytic model's do;</li>
 *   <li>in any other group (an epilogue, a linear or EcoFormer core) each member runs as on its own but
 *       never loads from DRAM a tensor the group keeps on chip, nor writes one back.</li>
 * </ul>
 * A member's accesses to the on-chip levels are those it makes on its own, less the staging of the
 * bytes that no longer cross DRAM, as the analytic model counts them.
 */
final class FusedGroups {
    private final ModelSimulator simulator;
    private final Architecture arch;
    private final Workload workload;
    private final Schedule schedule;
    private final Map<String, FusionGroup> groupOf = new HashMap<>();
    private final Map<String, SimulatedOperator> blocked = new HashMap<>();
    private final List<Results.SplitKCore> splitCores = new ArrayList<>();
    private final Map<String, Double> dramBytesAlone = new HashMap<>();

    FusedGroups(ModelSimulator simulator, Architecture arch, Workload workload, Schedule schedule) {
        this.simulator = simulator;
        this.arch = arch;
        this.workload = workload;
        this.schedule = schedule;
        schedule.fusionGroups().forEach(g -> g.operators().forEach(name -> groupOf.put(name, g)));
    }

    /** The operator as its fusion group runs it; empty when it runs alone. */
    Optional<SimulatedOperator> inGroup(Operator operator, OperatorSchedule entry) {
        FusionGroup group = groupOf.get(operator.name());
        if (group == null) {
            return Optional.empty();
        }
        if (group.blocked()) {
            if (!blocked.containsKey(operator.name())) {
                runBlocked(group);
            }
            return Optional.of(blocked.get(operator.name()));
        }
        dramBytesAlone.put(operator.name(), simulator.simulate(operator, entry).trafficBytes(arch.dram().name()));
        return Optional.of(simulator.simulate(operator, entry, Set.copyOf(group.onChip())));
    }

    /** Runs a blocked attention core and keeps each member's share. */
    private void runBlocked(FusionGroup group) {
        List<Operator> members = group.operators().stream().map(this::operator).toList();
        Operator scores = members.stream().filter(o -> o.kind().is(Role.ATTENTION_SCORES)).findFirst().orElseThrow();
        Operator context = members.stream().filter(o -> o.kind().is(Role.ATTENTION_CONTEXT)).findFirst()
                .orElseThrow();
        List<Operator> vector = members.stream().filter(o -> o != scores && o != context).toList();
        OperatorSchedule scoresEntry = entry(scores);
        OperatorSchedule contextEntry = entry(context);
        BlockedAttention.Core shape = new BlockedAttention.Core(scoresEntry.batch(), scoresEntry.problem().m(),
                scoresEntry.problem().n(), scoresEntry.problem().k(), bytes(scores.operands().get(0)),
                bytes(scores.operands().get(1)), bytes(context.operands().get(1)), bytes(context.output()),
                group.queryBlock(), group.kvBlock(), group.kvResident());
        long[] vectorCycles = new long[vector.size()];
        double[] extraOps = new double[vector.size()];
        Set<String> onChip = Set.copyOf(group.onChip());
        for (Operator member : vector) {
            if (Graph.activations(member).stream().anyMatch(t -> !ModelSimulator.readsOnChip(t, onChip))
                    || !onChip.contains(member.output().name())) {
                throw new WeftInputException("--fusion", null, "puts " + member.name() + " in the blocked attention core "
                        + group.name() + ", and it reads or writes DRAM besides the on-chip score tile, which the "
                        + "block-by-block simulation does not stream", "simulate with --fusion none");
            }
        }
        for (int v = 0; v < vector.size(); v++) {
            // the online softmax rescales the output rows once per key/value block besides the plain softmax
            extraOps[v] = vector.get(v).kind() instanceof OperatorKind.RowReduction row && row.exponential()
                    ? AttentionBlockTiming.rescaleOps(shape.instances(), shape.rows(), shape.keys(), shape.headDim(),
                    shape.kvBlock()) : 0;
            vectorCycles[v] = VectorWork.of(vector.get(v), arch.vector()).computeCycles()
                    + (long) Math.ceil(extraOps[v] / arch.vector().lanes());
        }
        ComputeArray array = OperatorJobs.array(arch, scoresEntry);
        MemorySpec memory = simulator.memory(scoresEntry);
        BlockedAttention.Result result = BlockedAttention.run(array, shape, vectorCycles, memory);
        if (group.kvSplits() != null) {
            long split = group.kvSplits() == 1 ? result.cycles() : SplitAttention.run(array, shape, group.kvSplits(),
                    LongStream.of(vectorCycles).sum(), arch.vector().lanes(), memory).cycles();
            splitCores.add(new Results.SplitKCore(group.name(), group.kvSplits(), result.cycles(), split));
        }
        double queryBytes = shape.instances() * shape.rows() * shape.headDim() * shape.qBytes();
        BlockedAttention.Part part = result.scores();
        blocked.put(scores.name(), fused(simulator.simulate(scores, scoresEntry), part, 0,
                Map.of(Tensor.IFMAP, queryBytes, Tensor.FILTER, part.dramReadBytes() - queryBytes), Map.of()));
        for (int v = 0; v < vector.size(); v++) {
            blocked.put(vector.get(v).name(), fused(simulator.simulate(vector.get(v), entry(vector.get(v))),
                    result.vector().get(v), extraOps[v], Map.of(), Map.of()));
        }
        part = result.context();
        blocked.put(context.name(), fused(simulator.simulate(context, contextEntry), part, 0,
                Map.of(Tensor.FILTER, part.dramReadBytes()), Map.of(Tensor.OFMAP, part.dramWriteBytes())));
    }

    /** The decode cores the schedule splits (Lean Attention), each simulated unsplit and split, in the order run. */
    List<Results.SplitKCore> splitCores() {
        return List.copyOf(splitCores);
    }

    /** The fusion group an operator ran in, or null. */
    String group(String operator) {
        FusionGroup group = groupOf.get(operator);
        return group == null ? null : group.name();
    }

    /** A grouped operator's DRAM bytes simulated on its own, or null for one that ran alone anyway. */
    Double dramBytesAlone(String operator) {
        return dramBytesAlone.get(operator);
    }

    /** A member run alone, re-timed by its part of the group and with the DRAM traffic the group leaves it. */
    private SimulatedOperator fused(SimulatedOperator alone, BlockedAttention.Part part, double extraOps,
                                    Map<Tensor, Double> dramReads, Map<Tensor, Double> dramWrites) {
        dramBytesAlone.put(alone.operator().name(), alone.trafficBytes(arch.dram().name()));
        Map<String, Map<String, Results.Access>> accesses = new LinkedHashMap<>();
        Map<String, Results.Access> aloneDram = alone.accessesBytes().get(arch.dram().name());
        for (StorageLevel level : arch.levels()) {
            Map<String, Results.Access> before = alone.accessesBytes().get(level.name());
            if (before == null) {
                continue;
            }
            Map<String, Results.Access> after = new LinkedHashMap<>();
            for (Tensor tensor : Tensor.values()) {
                Results.Access was = before.get(tensor.label());
                if (was == null) {
                    continue;
                }
                double reads = dramReads.getOrDefault(tensor, 0.0);
                double writes = dramWrites.getOrDefault(tensor, 0.0);
                if (level == arch.dram()) {
                    after.put(tensor.label(), new Results.Access(reads, writes));
                } else if (level.perPe()) {
                    after.put(tensor.label(), was);
                } else {
                    // what no longer comes from DRAM is no longer staged into the buffer, and vice versa
                    Results.Access dram = aloneDram.get(tensor.label());
                    after.put(tensor.label(), new Results.Access(
                            Math.max(0, was.readBytes() - (dram.writeBytes() - writes)),
                            Math.max(0, was.writeBytes() - (dram.readBytes() - reads))));
                }
            }
            accesses.put(level.name(), after);
        }
        return new SimulatedOperator(alone.operator(), alone.unit(), part.cycles(), part.computeCycles(),
                part.cycles() - part.computeCycles(), alone.unitOps() + extraOps, alone.nonlinearOps(),
                alone.usefulOps() + extraOps, alone.peCount(), accesses, counts(alone, extraOps, accesses));
    }

    /**
     * A member's counts: its own actions and those the fused kernel adds, and the bytes the group
     * leaves it; a loop nest's port accesses stay as the nest made them, its tiles being the same.
     */
    private static ActionCounts counts(SimulatedOperator alone, double extraOps,
                                       Map<String, Map<String, Results.Access>> accesses) {
        ActionCounts.Builder counts = ActionCounts.of(alone.operator(), alone.unit(), alone.unitOps() + extraOps,
                alone.nonlinearOps());
        boolean byPort = alone.actions().accesses().values().stream().flatMap(m -> m.values().stream())
                .anyMatch(a -> a.unit() == ActionCounts.AccessUnit.PORT_ACCESSES);
        if (!byPort) {
            return SimulatedOperator.bytes(counts, accesses);
        }
        alone.actions().accesses().forEach((level, byOperand) -> byOperand.forEach((operand, access) ->
                counts.access(level, operand, access)));
        return counts.build();
    }

    private static double bytes(TensorSpec tensor) {
        return tensor.dtype().bits() / 8.0;
    }

    private Operator operator(String name) {
        return workload.operators().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    private OperatorSchedule entry(Operator operator) {
        return schedule.find(operator.name()).orElseThrow();
    }
}
