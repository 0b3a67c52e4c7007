package dev.weft.sim.model;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.SpatialArray;
import dev.weft.arch.StorageLevel;
import dev.weft.arch.VectorWork;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.results.Results;
import dev.weft.results.ResultsAssembler;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.schedule.Schedule;
import dev.weft.sim.Accesses;
import dev.weft.sim.ArraySpec;
import dev.weft.sim.Engine;
import dev.weft.sim.GemmJob;
import dev.weft.sim.GemmResult;
import dev.weft.sim.Level;
import dev.weft.sim.MemorySpec;
import dev.weft.sim.Tensor;
import dev.weft.sim.nest.NestRun;
import dev.weft.sim.nest.NestSimulator;
import dev.weft.workload.ConvolutionLoops;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Simulates every operator of a workload under a schedule and assembles the results
 * contract, with the stall cycles and per-level, per-tensor accesses only a simulation has.
 * Operators run one after another, each from an idle machine (nothing of one overlaps the
 * next, as in the analytic model); the members of a schedule's fusion group run as one kernel
 * ({@link FusedGroups}). On a {@code weft-arch/2} machine contractions execute their
 * loop nests ({@link NestSimulator}); vector operators stream as on any machine ({@link VectorTiming}).
 */
public final class ModelSimulator {
    /**
     * DRAM latency unless the user gives one: none, because the architecture format has no
     * latency field and a preset's DRAM is specified by its bandwidth alone (as the analytic
     * model takes it); {@code --dram-latency} adds one (about 100 cycles for LPDDR4 at 1 GHz).
     */
    public static final long DEFAULT_DRAM_LATENCY_CYCLES = 0;

    private final Architecture arch;
    private final long dramLatencyCycles;
    private final Engine engine;
    private final Map<List<Object>, NestRun> nestRuns = new HashMap<>();

    /** How an operator of a kind executes, with the tensors its fusion group keeps on chip. */
    @FunctionalInterface
    private interface Job {
        SimulatedOperator run(Operator operator, OperatorSchedule entry, Set<String> onChip);
    }

    /** The one place the simulator dispatches on operator kinds. */
    private final Map<Class<? extends OperatorKind>, Job> jobs = Map.of(
            OperatorKind.Contraction.class, this::contraction,
            OperatorKind.ElementWise.class, this::vector,
            OperatorKind.RowReduction.class, this::vector,
            OperatorKind.Gather.class, this::vector,
            OperatorKind.Scan.class, this::vector);

    /** The products of one simulation. */
    public record Simulation(Results results, List<SimulatedOperator> operators, double wallSeconds) {
        public long cycles() {
            return results.totals().cycles();
        }
    }

    public ModelSimulator(Architecture arch, long dramLatencyCycles, Engine engine) {
        this.arch = arch;
        this.dramLatencyCycles = dramLatencyCycles;
        this.engine = engine;
    }

    /** The memory an operator's tiles live in: DRAM, and the schedule's buffer level shared by the tensors. */
    public MemorySpec memory(OperatorSchedule entry) {
        StorageLevel buffer = level(entry.bufferLevel(), entry.operator());
        return MemorySpec.shared(arch.dram().bandwidthBytesPerCycle(), dramLatencyCycles, buffer.sizeBytes());
    }

    public SimulatedOperator simulate(Operator operator, OperatorSchedule entry) {
        return simulate(operator, entry, Set.of());
    }

    /** An operator whose fusion group keeps the tensors named {@code onChip} in the buffer (none when it runs alone). */
    SimulatedOperator simulate(Operator operator, OperatorSchedule entry, Set<String> onChip) {
        Job job = jobs.get(operator.kind().getClass());
        if (job == null) {
            throw new WeftInputException("schedule", operator.name(), "is a " + operator.kind().label()
                    + ", which the simulator cannot execute", "estimate it with weft estimate instead");
        }
        return job.run(operator, entry, onChip);
    }

    /** A contraction: its loop nest on a {@code weft-arch/2} machine, its folds on a systolic array otherwise. */
    private SimulatedOperator contraction(Operator operator, OperatorSchedule entry, Set<String> onChip) {
        if (entry.nest() != null) {
            return nest(operator, entry);
        }
        Set<Tensor> tensors = EnumSet.noneOf(Tensor.class);
        if (readsOnChip(operator.operands().get(0), onChip)) {
            tensors.add(Tensor.IFMAP);
        }
        if (readsOnChip(operator.operands().get(1), onChip)) {
            tensors.add(Tensor.FILTER);
        }
        if (onChip.contains(operator.output().name())) {
            tensors.add(Tensor.OFMAP);
        }
        return gemm(operator, entry, tensors);
    }

    static boolean readsOnChip(TensorSpec tensor, Set<String> onChip) {
        return tensor.role() != TensorRole.WEIGHT && Graph.sources(tensor.name()).stream().anyMatch(onChip::contains);
    }

    /** A contraction on a systolic array, {@code onChip} of its tensors kept in the buffer by its fusion group. */
    private SimulatedOperator gemm(Operator operator, OperatorSchedule entry, Set<Tensor> onChip) {
        ComputeArray array = OperatorJobs.array(arch, entry);
        GemmJob job = OperatorJobs.job(operator, entry, array).withOnChip(onChip);
        ArraySpec spec = ArraySpec.of(array);
        GemmResult result = engine.run(job, spec, memory(entry));
        StorageLevel buffer = level(entry.bufferLevel(), entry.operator());
        Map<String, Map<String, Results.Access>> accesses = accesses(result.accesses(), buffer);
        return new SimulatedOperator(operator, array.name(), result.cycles(), result.computeCycles(),
                result.stallCycles(), result.arrayOps(), 0,
                array.pe() instanceof dev.weft.arch.PeKind.XnorPopcount ? result.arrayOps() : result.usefulMacs(),
                array.pes(), accesses, SimulatedOperator.bytes(ActionCounts.of(operator, array.name(), result.arrayOps(), 0),
                accesses));
    }

    /**
     * A contraction on a {@code weft-arch/2} machine: its loop nest executed by {@link NestSimulator}.
     * Operands are reported under the simulator's tensor names (input ifmap, weight filter, output
     * ofmap), so that they add up with the vector operators' traffic.
     */
    private SimulatedOperator nest(Operator operator, OperatorSchedule entry) {
        // a convolution mapped in its own loops names its window loops; otherwise the GEMM view's.
        // A model repeats its layers: the same extents under the same nest execute alike
        Optional<ConvolutionLoops> windows = ConvolutionLoops.of(operator)
                .filter(loops -> entry.nest().namesWindows());
        String source = "schedule, operator " + operator.name();
        NestRun run = nestRuns.computeIfAbsent(List.of(entry.batch(), entry.problem(), entry.nest(),
                        windows.map(loops -> Arrays.toString(loops.sizes())).orElse("")),
                key -> windows.map(loops -> new NestSimulator(arch.hierarchy()).simulate(loops.sizes(), loops.strides(),
                                loops.inputSizes(), entry.nest(), source))
                        .orElseGet(() -> new NestSimulator(arch.hierarchy()).simulate(entry.batch(), entry.problem().m(),
                                entry.problem().n(), entry.problem().k(), entry.nest(), source)));
        double macs = (double) entry.batch() * entry.problem().m() * entry.problem().n() * entry.problem().k();
        SpatialArray array = arch.hierarchy().array();
        Map<String, Map<String, Results.Access>> byMemory = new LinkedHashMap<>();
        ActionCounts.Builder counts = ActionCounts.of(operator, array.name(), macs, 0);
        run.accesses().forEach((memory, byOperand) -> {
            Map<String, Results.Access> byTensor = new LinkedHashMap<>();
            for (Tensor tensor : Tensor.values()) {
                NestRun.Traffic traffic = byOperand.get(tensor.operand());
                if (traffic != null) {
                    byTensor.put(tensor.label(), new Results.Access(traffic.readBits() / 8, traffic.writeBits() / 8));
                    counts.access(memory, tensor.operand(), new ActionCounts.Access(traffic.readAccesses(),
                            traffic.writeAccesses(), ActionCounts.AccessUnit.PORT_ACCESSES));
                }
            }
            byMemory.put(memory, byTensor);
        });
        return new SimulatedOperator(operator, array.name(), run.cycles(), run.computeCycles(), run.stallCycles(),
                macs, 0, macs, array.pes(), byMemory, counts.build());
    }

    /** A vector operator; inside a fusion group the inputs and output named in {@code onChip} stay in the buffer. */
    private SimulatedOperator vector(Operator operator, OperatorSchedule entry, Set<String> onChip) {
        Map<String, Long> sizes = operator.dimSizes();
        double onChipInBytes = Graph.activations(operator).stream().filter(t -> readsOnChip(t, onChip))
                .mapToDouble(t -> t.storedBits(t.footprint(sizes)) / 8.0).sum();
        boolean outputOnChip = onChip.contains(operator.output().name());
        VectorTiming timing = VectorTiming.of(operator, arch, dramLatencyCycles, onChipInBytes, outputOnChip);
        VectorWork work = VectorWork.of(operator, arch.vector());
        Accesses accesses = new Accesses();
        accesses.read(Level.DRAM, Tensor.IFMAP, timing.inBytes());
        accesses.write(Level.DRAM, Tensor.OFMAP, timing.outBytes());
        Map<String, Map<String, Results.Access>> byLevel = new LinkedHashMap<>();
        byLevel.put(arch.dram().name(), byTensor(accesses, Level.DRAM, 1));
        for (StorageLevel level : arch.onChipLevels()) {
            if (!level.perPe()) {
                // staged in on the way to the lanes, staged out on the way back (a fused tile is already there)
                Map<String, Results.Access> staged = new LinkedHashMap<>();
                staged.put(Tensor.IFMAP.label(), new Results.Access(work.inBytes(), timing.inBytes()));
                staged.put(Tensor.OFMAP.label(), new Results.Access(timing.outBytes(), work.outBytes()));
                byLevel.put(level.name(), staged);
            }
        }
        return new SimulatedOperator(operator, OperatorSchedule.VECTOR_UNIT, timing.cycles(), timing.computeCycles(),
                timing.cycles() - timing.computeCycles(), timing.ops(), timing.nonlinearOps(), timing.ops(),
                arch.vector().lanes(), byLevel, SimulatedOperator.bytes(ActionCounts.of(operator,
                OperatorSchedule.VECTOR_UNIT, timing.ops(), timing.nonlinearOps()), byLevel));
    }

    /** Names the simulator's levels after the architecture's: DRAM, the tile buffer, PE registers, staging levels. */
    private Map<String, Map<String, Results.Access>> accesses(Accesses accesses, StorageLevel buffer) {
        Map<String, Map<String, Results.Access>> byLevel = new LinkedHashMap<>();
        byLevel.put(arch.dram().name(), byTensor(accesses, Level.DRAM, 1));
        for (StorageLevel level : arch.onChipLevels()) {
            if (level.perPe()) {
                byLevel.put(level.name(), byTensor(accesses, Level.PE, level.wordBytes()));
            } else if (level == buffer) {
                byLevel.put(level.name(), byTensor(accesses, Level.SRAM, 1));
            } else {
                // a staging level between DRAM and the tile buffer passes DRAM's traffic through
                Map<String, Results.Access> staged = new LinkedHashMap<>();
                for (Tensor tensor : Tensor.values()) {
                    double moved = accesses.readBytes(Level.DRAM, tensor) + accesses.writeBytes(Level.DRAM, tensor);
                    staged.put(tensor.label(), new Results.Access(moved, moved));
                }
                byLevel.put(level.name(), staged);
            }
        }
        return byLevel;
    }

    private static Map<String, Results.Access> byTensor(Accesses accesses, Level level, double scale) {
        Map<String, Results.Access> map = new LinkedHashMap<>();
        for (Tensor tensor : Tensor.values()) {
            map.put(tensor.label(), new Results.Access(accesses.readBytes(level, tensor) * scale,
                    accesses.writeBytes(level, tensor) * scale));
        }
        return map;
    }

    private StorageLevel level(String name, String operator) {
        return arch.levels().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new WeftInputException(arch.source(), operator + ".buffer_level", "names level '"
                        + name + "', which " + arch.name() + " does not have", "regenerate the schedule for this hardware"));
    }

    /**
     * Simulates every operator of {@code workload} with its entry in {@code schedule}.
     *
     * @param fusion   what the mapper was allowed to fuse ({@code none}, {@code attention}, {@code all}), reported
     *                 beside the DRAM traffic with and without the schedule's groups
     * @param progress called with the number of operators done after each one
     */
    public Simulation run(Workload workload, Schedule schedule, EnergyModel energy, Results.MapperStats mapperStats,
                          String fusion, IntConsumer progress) {
        long start = System.nanoTime();
        List<SimulatedOperator> simulated = new ArrayList<>();
        FusedGroups groups = new FusedGroups(this, arch, workload, schedule);
        for (Operator operator : workload.operators()) {
            OperatorSchedule entry = schedule.find(operator.name()).orElseThrow(() -> new WeftInputException(
                    "schedule", "operators", "has no entry for operator " + operator.name(),
                    "use a schedule written for the same model and workload options"));
            simulated.add(groups.inGroup(operator, entry).orElseGet(() -> simulate(operator, entry)));
            progress.accept(simulated.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Results.SplitKCore> cores = groups.splitCores();
        return new Simulation(results(workload, energy, simulated, mapperStats, groups, fusion,
                cores.isEmpty() ? null : Results.SplitK.of(cores)), simulated, seconds);
    }

    private Results results(Workload workload, EnergyModel energy, List<SimulatedOperator> simulated,
                            Results.MapperStats mapperStats, FusedGroups groups, String fusion,
                            Results.SplitK splitK) {
        ResultsAssembler assembler = new ResultsAssembler(workload, arch);
        assembler.fusion(fusion);
        assembler.splitK(splitK);
        Map<String, Map<String, Results.Access>> accesses = new LinkedHashMap<>();
        long stalls = 0;
        for (SimulatedOperator op : simulated) {
            Map<String, Double> layerTraffic = new LinkedHashMap<>();
            for (String level : op.accessesBytes().keySet()) {
                layerTraffic.put(level, op.trafficBytes(level));
                op.accessesBytes().get(level).forEach((tensor, access) -> accesses
                        .computeIfAbsent(level, l -> new LinkedHashMap<>())
                        .merge(tensor, access, (a, b) -> new Results.Access(a.readBytes() + b.readBytes(),
                                a.writeBytes() + b.writeBytes())));
            }
            String bound = op.stallCycles() > op.computeCycles() ? arch.dram().name() : "compute";
            String name = op.operator().name();
            Double alone = groups.dramBytesAlone(name);
            assembler.add(op.operator(), op.unit(), op.unitOps(), op.cycles(), energy.energyPj(op.actions()), layerTraffic, op.utilization(),
                    bound, op.peCount(), op.usefulOps(), null,
                    alone == null ? op.trafficBytes(arch.dram().name()) : alone, groups.group(name));
            stalls += op.stallCycles();
        }
        return assembler.build(energy.name(), mapperStats, stalls, accesses);
    }
}
