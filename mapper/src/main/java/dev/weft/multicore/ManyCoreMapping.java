package dev.weft.multicore;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.Cores;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.SpatialArray;
import dev.weft.cost.OperatorCost;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.MappedOperator;
import dev.weft.mapper.OperatorModel;
import dev.weft.nest.NestCost;
import dev.weft.nest.NestCostModel;
import dev.weft.nest.NestMapper;
import dev.weft.nest.NestProblem;
import dev.weft.nest.Objective;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contractions on a many-core device. The output is cut into core tiles of {@code tm x tn}
 * (every k), dealt out to the cores in raster order: {@code ceil(tiles / cores)} waves, the last
 * one partly filled when the tiles do not divide evenly (wave quantisation). A wave lasts as long
 * as its slowest core, so a ragged edge tile costs a whole tile's time (load imbalance). Each
 * core maps its tile with the exact loop-nest mapper on its share of the shared memories
 * ({@link CoreView}); the outermost memory (HBM) carries the distinct panels the wave's tiles
 * read ({@link WaveTraffic}) at the device's bandwidth, overlapped with the cores' work, and
 * those panels are written into the shared memory under it (the L2) once for the wave, which
 * the cores then read as their mappings say: a core's own nest is not charged the fills. The
 * search covers tile sizes (powers of two from the array's reach up to 256, and the whole
 * extent) and both raster orders, and keeps the mapping the objective scores best.
 */
public final class ManyCoreMapping implements OperatorModel {
    private static final int LARGEST_TILE = 256;

    private final Architecture arch;
    private final Cores cores;
    private final Objective objective;
    /** Shared memories the outermost one fills directly, per wave ({@link CoreView#filledByWave}). */
    private final Set<String> filledByWave;
    private final Map<Long, NestMapper> mappers = new HashMap<>();
    private final Map<String, Candidate> searched = new HashMap<>();
    private final Map<String, NestMapper.Best> tileMappings = new HashMap<>();
    private long evaluated;

    public ManyCoreMapping(Architecture arch, Objective objective) {
        if (!arch.cores().many()) {
            throw new IllegalArgumentException(arch.name() + " has one core");
        }
        this.arch = arch;
        this.cores = arch.cores();
        this.objective = objective;
        this.filledByWave = CoreView.filledByWave(arch.hierarchy(), cores);
    }

    @Override
    public long evaluated() {
        return evaluated + mappers.values().stream().mapToLong(NestMapper::evaluated).sum();
    }

    @Override
    public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
        throw new WeftInputException(source, operator.name(), "cannot be replayed on " + arch.name()
                + ": schedules of many-core devices are written for reading, not replay yet",
                "drop --schedule to map " + arch.name() + " afresh");
    }

    @Override
    public MappedOperator map(Operator operator) {
        SpatialArray array = arch.hierarchy().array();
        if (!array.pe().canExecute(operator.compute().dtype())) {
            throw new WeftInputException(arch.source(), "array.pe", "the " + array.pe().label() + " array of "
                    + arch.name() + " cannot execute " + operator.op() + " at " + operator.compute().dtype().label(),
                    "pass --dtype " + array.pe().dtype().label() + " or choose hardware that runs "
                            + operator.compute().dtype().label());
        }
        GemmView view = GemmView.of(operator);
        String key = view.batch() + "|" + view.problem() + "|" + view.a().dtype() + "|" + view.b().dtype();
        Candidate best = searched.get(key);
        if (best == null) {
            best = search(view);
            searched.put(key, best);
        }
        return mapped(operator, view, best);
    }

    /** One tiling of the output over the cores, with its cost. */
    record Candidate(long tileM, long tileN, boolean colsFastest, WaveTraffic grid, List<Wave> waves,
                     double energyPj, long cycles) {
    }

    /**
     * One wave: its cores, their tile's mapping, the DRAM traffic of the wave, and per memory
     * filled by the wave the cycles its ports are busy (the cores' share and the fills).
     */
    record Wave(long active, NestMapper.Best core, double inputBits, double weightBits, double outputBits,
                long dramCycles, Map<String, Long> filledCycles, long cycles) {
    }

    private Candidate search(GemmView view) {
        GemmTile problem = view.problem();
        Candidate best = null;
        for (long tm : extents(problem.m())) {
            for (long tn : extents(problem.n())) {
                for (boolean colsFastest : new boolean[] {true, false}) {
                    Candidate candidate = evaluate(view, tm, tn, colsFastest);
                    if (candidate != null && (best == null || better(candidate, best))) {
                        best = candidate;
                    }
                }
            }
        }
        if (best == null) {
            throw new WeftInputException(arch.source(), "memories", "no tile of " + view.operator().name()
                    + " fits one core's memories", "enlarge the smallest memories");
        }
        return best;
    }

    private boolean better(Candidate a, Candidate b) {
        double scoreA = objective.score(a.energyPj(), a.cycles());
        double scoreB = objective.score(b.energyPj(), b.cycles());
        if (scoreA != scoreB) {
            return scoreA < scoreB;
        }
        return objective.tieBreak(a.energyPj(), a.cycles()) < objective.tieBreak(b.energyPj(), b.cycles());
    }

    /** Powers of two from 8 up to {@value #LARGEST_TILE} below the extent, and the extent itself when smaller. */
    static List<Long> extents(long size) {
        List<Long> values = new ArrayList<>();
        for (long value = 8; value <= LARGEST_TILE && value < size; value *= 2) {
            values.add(value);
        }
        if (size <= LARGEST_TILE) {
            values.add(size);
        }
        return values;
    }

    private Candidate evaluate(GemmView view, long tm, long tn, boolean colsFastest) {
        GemmTile problem = view.problem();
        WaveTraffic grid = new WaveTraffic(view.batch(), NestMapper.ceilDiv(problem.m(), tm),
                NestMapper.ceilDiv(problem.n(), tn), colsFastest);
        long tiles = grid.tiles();
        double inputTileBits = (double) problem.m() / grid.rows() * problem.k() * view.a().dtype().bits()
                * view.a().format().density();
        double weightTileBits = (double) problem.n() / grid.cols() * problem.k() * view.b().dtype().bits()
                * view.b().format().density();
        double outputTileBits = (double) problem.m() / grid.rows() * problem.n() / grid.cols()
                * view.out().dtype().bits();
        Memory dram = arch.hierarchy().memories().get(0);
        double sustained = arch.runCosts().dramSustainedBytesPerS();
        double dramBitsPerCycle = sustained > 0 ? sustained * 8 / arch.clockHz() : dram.bitsPerCycle();
        List<Wave> waves = new ArrayList<>();
        double energy = 0;
        long cycles = 0;
        double fill = (double) view.batch() * problem.m() * problem.n() / ((double) tiles * tm * tn);
        for (long start = 0; start < tiles; start += cores.count()) {
            long end = Math.min(tiles, start + cores.count());
            long active = end - start;
            NestMapper.Best core = tile(tm, tn, problem.k(), active);
            if (core == null) {
                return null;
            }
            double input = grid.inputPanels(start, end) * inputTileBits;
            double weight = grid.weightPanels(start, end) * weightTileBits;
            double output = active * outputTileBits;
            long dramCycles = (long) Math.ceil((input + weight + output) / dramBitsPerCycle);
            long waveCycles = Math.max(core.cost().cycles(), dramCycles);
            Map<String, Long> filledCycles = new LinkedHashMap<>();
            for (String name : filledByWave) {
                Memory memory = memory(name);
                long busy = core.cost().busyCycles().getOrDefault(name, 0L)
                        + (long) Math.ceil((fedBits(memory, Operand.INPUT, input) + fedBits(memory, Operand.WEIGHT, weight))
                        / memory.bitsPerCycle());
                filledCycles.put(name, busy);
                waveCycles = Math.max(waveCycles, busy);
                energy += memory.transferPj(Operand.INPUT, false, fedBits(memory, Operand.INPUT, input))
                        + memory.transferPj(Operand.WEIGHT, false, fedBits(memory, Operand.WEIGHT, weight));
            }
            waves.add(new Wave(active, core, input, weight, output, dramCycles, Map.copyOf(filledCycles), waveCycles));
            cycles += waveCycles;
            energy += (core.cost().energyPj() - core.cost().memoryPj(dram.name())) * active * fill
                    + dram.transferPj(Operand.INPUT, true, input) + dram.transferPj(Operand.WEIGHT, true, weight)
                    + dram.transferPj(Operand.OUTPUT, false, output);
        }
        return new Candidate(tm, tn, colsFastest, grid, List.copyOf(waves), energy, cycles);
    }

    private Memory memory(String name) {
        return arch.hierarchy().memories().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** The bits of {@code operand} the outermost memory writes into {@code memory}: all when it is next in the chain. */
    private double fedBits(Memory memory, Operand operand, double bits) {
        List<Memory> chain = arch.hierarchy().chain(operand);
        return chain.size() > 1 && chain.get(1).name().equals(memory.name()) ? bits : 0;
    }

    /** The best mapping of one core tile while {@code active} cores share the shared memories. */
    private NestMapper.Best tile(long tm, long tn, long k, long active) {
        String key = tm + "x" + tn + "x" + k + "@" + active;
        if (tileMappings.containsKey(key)) {
            return tileMappings.get(key);
        }
        NestMapper mapper = mappers.computeIfAbsent(active,
                a -> new NestMapper(new NestCostModel(CoreView.of(arch.hierarchy(), cores, a), filledByWave), objective,
                        NestMapper.DEFAULT_MAX_LOOPS));
        NestMapper.Best best = mapper.map(NestProblem.gemm("core tile", 1, tm, tn, k)).orElse(null);
        tileMappings.put(key, best);
        return best;
    }

    private boolean shared(String memory) {
        return arch.hierarchy().memories().stream().anyMatch(m -> m.name().equals(memory) && cores.sharedBy(m));
    }

    private MappedOperator mapped(Operator operator, GemmView view, Candidate chosen) {
        Hierarchy hierarchy = arch.hierarchy();
        String dram = hierarchy.memories().get(0).name();
        GemmTile problem = view.problem();
        double usefulMacs = (double) view.batch() * problem.m() * problem.n() * problem.k();
        double fill = usefulMacs / ((double) chosen.grid().tiles() * chosen.tileM() * chosen.tileN() * problem.k());
        Map<String, Map<Operand, NestCost.Access>> accesses = new LinkedHashMap<>();
        Map<String, Long> busy = new LinkedHashMap<>();
        double computePj = 0;
        long ideal = 0;
        long onload = 0;
        long offload = 0;
        long cycles = 0;
        long activePes = 0;
        for (Wave wave : chosen.waves()) {
            NestCost core = wave.core().cost();
            double scale = wave.active() * fill;
            core.accesses().forEach((memory, perOperand) -> {
                if (!memory.equals(dram)) {
                    Map<Operand, NestCost.Access> total = accesses.computeIfAbsent(memory, m -> new EnumMap<>(Operand.class));
                    // a core sees its share of a shared memory's port: active of its accesses make one of the device's
                    double ports = shared(memory) ? wave.active() : 1;
                    perOperand.forEach((operand, access) -> total.merge(operand, access.scaled(scale).throughWiderPort(ports),
                            NestCost.Access::plus));
                }
            });
            core.busyCycles().forEach((memory, count) -> {
                if (!memory.equals(dram)) {
                    busy.merge(memory, wave.filledCycles().getOrDefault(memory, count), Long::sum);
                }
            });
            for (String name : filledByWave) {
                Memory memory = memory(name);
                Map<Operand, NestCost.Access> total = accesses.computeIfAbsent(name, m -> new EnumMap<>(Operand.class));
                for (Operand operand : List.of(Operand.INPUT, Operand.WEIGHT)) {
                    double bits = fedBits(memory, operand, operand == Operand.INPUT ? wave.inputBits() : wave.weightBits());
                    total.merge(operand, new NestCost.Access(0, bits, 0, memory.portAccesses(operand, false, bits), 0,
                            memory.transferPj(operand, false, bits)), NestCost.Access::plus);
                }
            }
            Map<Operand, NestCost.Access> outer = accesses.computeIfAbsent(dram, m -> new EnumMap<>(Operand.class));
            Memory memory = hierarchy.memories().get(0);
            outer.merge(Operand.INPUT, new NestCost.Access(wave.inputBits(), 0,
                    memory.portAccesses(Operand.INPUT, true, wave.inputBits()), 0,
                    memory.transferPj(Operand.INPUT, true, wave.inputBits()), 0), NestCost.Access::plus);
            outer.merge(Operand.WEIGHT, new NestCost.Access(wave.weightBits(), 0,
                    memory.portAccesses(Operand.WEIGHT, true, wave.weightBits()), 0,
                    memory.transferPj(Operand.WEIGHT, true, wave.weightBits()), 0), NestCost.Access::plus);
            outer.merge(Operand.OUTPUT, new NestCost.Access(0, wave.outputBits(), 0,
                    memory.portAccesses(Operand.OUTPUT, false, wave.outputBits()), 0,
                    memory.transferPj(Operand.OUTPUT, false, wave.outputBits())), NestCost.Access::plus);
            busy.merge(dram, wave.dramCycles(), Long::sum);
            computePj += core.computePj() * scale;
            ideal += core.idealCycles();
            onload += core.onloadCycles();
            offload += core.offloadCycles();
            cycles += wave.cycles();
            activePes = Math.max(activePes, core.activePes() * wave.active());
        }
        NestCost total = new NestCost(accesses, computePj, usefulMacs, ideal, onload, offload,
                cycles - ideal - onload - offload, busy, activePes);
        SpatialArray array = hierarchy.array();
        OperatorCost cost = new OperatorCost(cycles, ideal, busy, OperatorCost.bytesMoved(total), array.name(), usefulMacs, 0,
                array.pes() * cores.count(), usefulMacs, total,
                total.countAccesses(ActionCounts.of(operator, array.name(), usefulMacs, 0)).build());
        OperatorSchedule schedule = new OperatorSchedule(operator.name(), array.name(), null, view.dims(), problem,
                view.batch(), null, new GemmTile(chosen.tileM(), chosen.tileN(), problem.k()),
                chosen.colsFastest() ? List.of("b", "m", "n") : List.of("b", "n", "m"), null, null,
                chosen.waves().get(0).core().mapping().toSchedule(hierarchy));
        return new MappedOperator(operator, schedule, cost);
    }
}
