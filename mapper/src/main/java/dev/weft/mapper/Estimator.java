package dev.weft.mapper;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.TokenReduction;
import dev.weft.nest.Objective;
import dev.weft.arch.Architecture;
import dev.weft.cost.OperatorCost;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.fusion.Fusion;
import dev.weft.fusion.FusionPlan;
import dev.weft.fusion.FusionPlanner;
import dev.weft.results.Results;
import dev.weft.results.ResultsAssembler;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.schedule.Schedule;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * One estimate: map every operator of a workload (or replay a given schedule), price it
 * with the chosen energy model, and assemble the results contract and the schedule.
 */
public final class Estimator {

    /** The products of one estimate. */
    public record Estimate(Results results, Schedule schedule, List<MappedOperator> mapped) {
    }

    /**
     * Where the schedule comes from: searched with a seed, or replayed from a file (its fusion
     * groups with it); {@code fusion}, what a search may fuse.
     */
    public record Options(long seed, int budget, Schedule replay, String replaySource, Objective objective,
                          Fusion fusion) {
        public Options(long seed, int budget, Schedule replay, String replaySource, Objective objective) {
            this(seed, budget, replay, replaySource, objective, Fusion.NONE);
        }

        public Options(long seed, int budget, Schedule replay, String replaySource) {
            this(seed, budget, replay, replaySource, Objective.EDP);
        }

        public static Options search(long seed) {
            return new Options(seed, Mapper.DEFAULT_BUDGET, null, null);
        }

        public Options withFusion(Fusion allowed) {
            return new Options(seed, budget, replay, replaySource, objective, allowed);
        }
    }

    private Estimator() {
    }

    /**
     * The map stage's product, which every evaluation starts from: each operator searched or
     * replayed, the fusion groups planned, kernel launches charged ({@link #launched}).
     *
     * @param operators every operator with its mapping and analytic cost, launches included
     * @param stats     the search's seed, mappings evaluated and seconds
     */
    public record Mapping(Workload workload, Architecture arch, Schedule schedule, FusionPlan plan,
                          List<MappedOperator> operators, Results.MapperStats stats) {
        public Mapping {
            operators = List.copyOf(operators);
        }
    }

    /** Maps and prices in one call: {@link #map} then {@link #analytic}. */
    public static Estimate run(Workload workload, Architecture arch, EnergyModel energy, Options options,
                               IntConsumer progress) {
        Mapping mapping = map(workload, arch, options, progress);
        return new Estimate(analytic(mapping, energy), mapping.schedule(), mapping.operators());
    }

    /**
     * Searches (or replays) every operator and plans the fusion groups.
     *
     * @param progress called with the number of operators done after each one, for a progress bar
     */
    public static Mapping map(Workload workload, Architecture arch, Options options, IntConsumer progress) {
        Mapper mapper = new Mapper(arch, options.seed(), options.budget(), options.objective());
        List<MappedOperator> mapped = new ArrayList<>();
        long start = System.nanoTime();
        for (Operator operator : workload.operators()) {
            mapped.add(options.replay() == null ? mapper.map(operator) : replay(mapper, operator, options));
            progress.accept(mapped.size());
        }
        FusionPlan plan = options.replay() == null ? FusionPlanner.plan(workload, arch, mapped, options.fusion())
                : FusionPlanner.replay(workload, arch, mapped, options.replay().fusionGroups(), options.replaySource());
        double seconds = (System.nanoTime() - start) / 1e9;
        Schedule schedule = new Schedule(Schedule.FORMAT, workload.model(), arch.name(), describe(workload.spec()),
                options.seed(), mapped.stream().map(MappedOperator::schedule).toList(), plan.groups());
        Results.MapperStats stats = new Results.MapperStats(options.seed(), mapper.evaluated(), seconds,
                seconds > 0 ? mapper.evaluated() / seconds : 0, options.replay() != null);
        return new Mapping(workload, arch, schedule, plan, launched(arch, plan), stats);
    }

    /**
     * Every kernel waits out the host's launch ({@link dev.weft.arch.RunCosts#kernelLaunchS()}) in
     * series: an operator on its own is one kernel, a fusion group one kernel, charged to its
     * first operator.
     */
    static List<MappedOperator> launched(Architecture arch, FusionPlan plan) {
        long launchCycles = arch.runCosts().kernelLaunchCycles(arch.clockHz());
        if (launchCycles == 0) {
            return plan.operators();
        }
        Set<String> groupsLaunched = new HashSet<>();
        List<MappedOperator> launched = new ArrayList<>();
        for (MappedOperator entry : plan.operators()) {
            String group = plan.groupOf().get(entry.operator().name());
            boolean first = group == null || groupsLaunched.add(group);
            launched.add(first ? new MappedOperator(entry.operator(), entry.schedule(),
                    entry.cost().launched(launchCycles)) : entry);
        }
        return List.copyOf(launched);
    }

    private static MappedOperator replay(Mapper mapper, Operator operator, Options options) {
        OperatorSchedule entry = options.replay().find(operator.name()).orElseThrow(() -> new WeftInputException(
                options.replaySource(), "operators", "has no entry for operator " + operator.name(),
                "replay a schedule written for the same model and workload options"));
        return mapper.replay(operator, entry, options.replaySource());
    }

    static String describe(WorkloadSpec spec) {
        return "batch=" + spec.batch() + " seq=" + spec.seq() + " image=" + spec.image() + " phase="
                + spec.phase().label() + " kv=" + spec.kvLength() + " attention=" + spec.attention().label()
                + " sparsity=" + spec.sparsity().label() + " dtype=" + spec.dtype().label()
                + (spec.spatialReduction() ? "" : " spatial_reduction=off")
                + (spec.attention() == AttentionKind.ECOFORMER && !spec.sharedQk() ? " qk=separate" : "")
                + (spec.tokenReduction() == TokenReduction.NONE ? "" : " tokens=" + spec.tokenReduction().label());
    }

    /** The analytic evaluation of a mapping: each operator's cost priced by {@code energy}, assembled into results. */
    public static Results analytic(Mapping mapping, EnergyModel energy) {
        Workload workload = mapping.workload();
        Architecture arch = mapping.arch();
        FusionPlan plan = mapping.plan();
        List<MappedOperator> operators = mapping.operators();
        ResultsAssembler assembler = new ResultsAssembler(workload, arch);
        assembler.fusion(plan.fusion().label());
        assembler.splitK(plan.splitK());
        for (int i = 0; i < operators.size(); i++) {
            MappedOperator entry = operators.get(i);
            OperatorCost cost = entry.cost();
            long launchCycles = cost.cycles() - plan.operators().get(i).cost().cycles();
            Map<String, Double> layerTraffic = new LinkedHashMap<>();
            cost.traffic().forEach((level, bytes) -> layerTraffic.put(level, bytes.totalBytes()));
            assembler.add(entry.operator(), cost.unit(), cost.unitOps(), cost.cycles(), energy.energyPj(cost.actions()),
                    layerTraffic, cost.utilization(), cost.bound(), cost.peCount(), cost.usefulOps(),
                    cost.nest() == null ? null : LoopNestMapping.explain(arch, cost, entry.schedule().nest(),
                            launchCycles > 0 ? launchCycles : null),
                    plan.dramBytesAlone().get(entry.operator().name()), plan.groupOf().get(entry.operator().name()));
        }
        return assembler.build(energy.name(), mapping.stats(), null, null);
    }
}
