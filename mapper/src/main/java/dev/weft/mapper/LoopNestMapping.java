package dev.weft.mapper;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArrayDim;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.SpatialArray;
import dev.weft.cost.OperatorCost;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.nest.Loop;
import dev.weft.nest.NestCost;
import dev.weft.nest.NestMapper;
import dev.weft.nest.NestMapping;
import dev.weft.nest.NestProblem;
import dev.weft.nest.Objective;
import dev.weft.nest.Unroll;
import dev.weft.results.Results;
import dev.weft.schedule.NestSchedule;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.ConvolutionLoops;
import dev.weft.workload.Operator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contractions on a {@code weft-arch/2} machine: each becomes a {@link NestProblem} from its
 * GEMM view, mapped by the exact loop-nest search (or replayed from a schedule's loop nest)
 * and priced by the loop-nest cost model. Operators of the same shape share one search.
 */
final class LoopNestMapping implements OperatorModel {
    private final Architecture arch;
    private final NestMapper mapper;
    private final Map<String, NestMapper.Best> searched = new HashMap<>();

    LoopNestMapping(Architecture arch, Objective objective) {
        this.arch = arch;
        this.mapper = new NestMapper(arch.hierarchy(), objective);
    }

    @Override
    public long evaluated() {
        return mapper.evaluated();
    }

    /**
     * The best mapping of the operator's loop nests: its GEMM view, and for a convolution also
     * its own loops, whose input tiles are windows. The GEMM view (im2col) may unroll the whole
     * reduction C*R*S along one array dimension where the convolution's loops offer only C (a
     * patch embedding's 3 channels), at the price of every window's inputs moving on their own;
     * the search keeps whichever scores better, the GEMM view on a tie.
     */
    @Override
    public MappedOperator map(Operator operator) {
        GemmView view = view(operator);
        NestMapper.Best best = null;
        for (NestProblem problem : problems(operator, view)) {
            String key = java.util.Arrays.toString(problem.sizes()) + java.util.Arrays.toString(problem.strides())
                    + java.util.Arrays.toString(problem.inputSizes());
            NestMapper.Best found = searched.computeIfAbsent(key, k -> mapper.map(problem).orElse(null));
            if (found != null && (best == null || found.score() < best.score())) {
                best = found;
            }
        }
        if (best == null) {
            throw new WeftInputException(arch.source(), "memories", "no mapping of " + operator.name()
                    + " fits: some memory cannot hold even one element of each operand it keeps alongside the "
                    + "others", "enlarge the smallest memories");
        }
        return mapped(operator, view, best.mapping(), best.cost());
    }

    private static List<NestProblem> problems(Operator operator, GemmView view) {
        NestProblem gemm = NestProblem.gemm(operator.name(), view.batch(), view.problem().m(), view.problem().n(),
                view.problem().k());
        return convolution(operator).map(conv -> List.of(gemm, conv)).orElse(List.of(gemm));
    }

    @Override
    public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
        ScheduleCheck.checkDims(GemmView.of(operator), entry, source);
        ScheduleCheck.checkNoBufferTile(entry, source, arch.name());
        GemmView view = view(operator);
        String where = operator.name();
        if (entry.nest() == null) {
            throw new WeftInputException(source, where + ".nest", "missing: " + arch.name()
                    + " has a general spatial array, whose contractions replay from a loop nest",
                    "regenerate the schedule with weft estimate --hw " + arch.name());
        }
        if (entry.problem() == null || !entry.problem().equals(view.problem()) || entry.batch() != view.batch()) {
            throw new WeftInputException(source, where + ".problem", "does not match the operator's GEMM view "
                    + view.problem() + " x batch " + view.batch(), "regenerate the schedule for this workload");
        }
        // a schedule that names the window loops replays the convolution's own nest
        boolean windows = entry.nest().namesWindows();
        List<NestProblem> problems = problems(operator, view);
        NestProblem problem = problems.get(windows ? problems.size() - 1 : 0);
        NestMapping mapping = fromSchedule(entry.nest(), problem, source, where + ".nest");
        mapper.model().overflow(problem, mapping).ifPresent(reason -> {
            throw new WeftInputException(source, where + ".nest.keeps", "does not fit: " + reason,
                    "keep fewer loops in that memory");
        });
        return mapped(operator, view, mapping, mapper.model().evaluate(problem, mapping));
    }

    private GemmView view(Operator operator) {
        SpatialArray array = arch.hierarchy().array();
        if (!Mapper.canRun(array.pe(), operator.compute())) {
            throw new WeftInputException(arch.source(), "array.pe", "the " + array.pe().label() + " array of "
                    + arch.name() + " cannot execute " + operator.op() + " at " + operator.compute().dtype().label(),
                    "pass --dtype " + array.pe().dtype().label() + " or choose hardware that runs "
                            + operator.compute().dtype().label());
        }
        return GemmView.of(operator);
    }

    /**
     * A 2-D convolution in its own loops: its input tiles are windows over output and kernel
     * positions. Every product is computed: a dense array does not skip the zeros of a sparse
     * operand.
     */
    static java.util.Optional<NestProblem> convolution(Operator operator) {
        return ConvolutionLoops.of(operator).map(loops -> new NestProblem(operator.name(), loops.sizes(),
                loops.macs(), loops.strides(), loops.inputSizes()));
    }

    private MappedOperator mapped(Operator operator, GemmView view, NestMapping mapping, NestCost cost) {
        SpatialArray array = arch.hierarchy().array();
        OperatorCost operatorCost = new OperatorCost(cost.cycles(), cost.idealCycles(), cost.busyCycles(),
                OperatorCost.bytesMoved(cost),
                array.name(), cost.usefulMacs(), 0, array.pes(), cost.usefulMacs(), cost,
                cost.countAccesses(ActionCounts.of(operator, array.name(), cost.usefulMacs(), 0)).build());
        OperatorSchedule schedule = new OperatorSchedule(operator.name(), array.name(),
                array.systolic().map(dataflow -> dataflow.label()).orElse(null), view.dims(), view.problem(),
                view.batch(), null, null, List.of(), null, null, mapping.toSchedule(arch.hierarchy()));
        return new MappedOperator(operator, schedule, operatorCost);
    }

    /** The loop-nest model's account of one contraction, for the results. */
    static Results.LoopNest explain(Architecture arch, OperatorCost operatorCost, NestSchedule nest, Long launchCycles) {
        ArchEnergyTable table = new ArchEnergyTable(arch);
        Map<String, Map<String, Double>> energy = new LinkedHashMap<>();
        operatorCost.actions().accesses().forEach((memory, perOperand) -> {
            Map<String, Double> byOperand = new LinkedHashMap<>();
            perOperand.forEach((operand, access) -> byOperand.put(operand.label(), table.accessPj(memory, access)));
            energy.put(memory, byOperand);
        });
        NestCost cost = operatorCost.nest();
        return new Results.LoopNest(energy, cost.idealCycles(), cost.stallCycles(), cost.onloadCycles(),
                cost.offloadCycles(), render(arch, nest), launchCycles);
    }

    /**
     * The nest as lines, outermost loop first, each naming the memory every operand is in while
     * that loop steps (the innermost memory that keeps it), then the spatial unrolling.
     */
    static List<String> render(Architecture arch, NestSchedule nest) {
        List<String> lines = new ArrayList<>();
        int count = nest.loops().size();
        for (int j = count - 1; j >= 0; j--) {
            NestSchedule.Temporal loop = nest.loops().get(j);
            StringBuilder line = new StringBuilder("  ".repeat(count - 1 - j)).append("for ").append(loop.dim())
                    .append(" in range(").append(loop.factor()).append(")  [");
            List<String> places = new ArrayList<>();
            for (Operand operand : Operand.values()) {
                List<Memory> chain = arch.hierarchy().chain(operand);
                Map<String, Integer> kept = nest.keeps().get(operand.label());
                String place = chain.get(0).name();
                for (Memory memory : chain) {
                    if (kept.get(memory.name()) > j) {
                        place = memory.name();
                    }
                }
                places.add(operand.label() + ": " + place);
            }
            lines.add(line.append(String.join(", ", places)).append(']').toString());
        }
        lines.add("  ".repeat(count) + "parallel " + (nest.spatial().isEmpty() ? "(none)" : String.join(", ",
                nest.spatial().stream().map(u -> u.arrayDim() + ": " + u.dim() + " x" + u.factor()).toList())));
        return lines;
    }

    /** A loop nest a person may have edited, checked against the operator and the machine. */
    private NestMapping fromSchedule(NestSchedule nest, NestProblem problem, String source, String where) {
        SpatialArray array = arch.hierarchy().array();
        List<Unroll> unrolls = new ArrayList<>();
        long[] spread = new long[NestProblem.DIMS.size()];
        java.util.Arrays.fill(spread, 1);
        Set<String> used = new HashSet<>();
        List<NestSchedule.Spatial> spatial = nest.spatial() == null ? List.of() : nest.spatial();
        for (int i = 0; i < spatial.size(); i++) {
            NestSchedule.Spatial entry = spatial.get(i);
            String at = where + ".spatial[" + i + "]";
            ArrayDim dim = entry.arrayDim() == null ? null : array.dim(entry.arrayDim()).orElse(null);
            if (dim == null) {
                throw new WeftInputException(source, at + ".array_dim", "'" + entry.arrayDim()
                        + "' is not a dimension of the array", "use one of "
                        + array.dims().stream().map(ArrayDim::name).toList());
            }
            if (!used.add(dim.name())) {
                throw new WeftInputException(source, at + ".array_dim", "unrolls '" + dim.name() + "' twice",
                        "give each array dimension at most once");
            }
            if (entry.dim() == null || !dim.unrolls().contains(entry.dim())) {
                throw new WeftInputException(source, at + ".dim", "'" + entry.dim() + "' cannot be unrolled along "
                        + dim.name(), "use one of " + dim.unrolls());
            }
            if (entry.factor() < 1 || entry.factor() > dim.size()) {
                throw new WeftInputException(source, at + ".factor", "is " + entry.factor() + ", outside 1.."
                        + dim.size(), "use at most the array dimension's size");
            }
            int d = NestProblem.dimIndex(entry.dim());
            spread[d] *= entry.factor();
            unrolls.add(new Unroll(dim.name(), d, entry.factor()));
        }
        if (nest.loops() == null) {
            throw new WeftInputException(source, where + ".loops", "missing", "list the temporal loops, innermost first");
        }
        List<Loop> loops = new ArrayList<>();
        long[] steps = new long[NestProblem.DIMS.size()];
        java.util.Arrays.fill(steps, 1);
        for (int i = 0; i < nest.loops().size(); i++) {
            NestSchedule.Temporal loop = nest.loops().get(i);
            int d = loop.dim() == null ? -1 : NestProblem.dimIndex(loop.dim());
            if (d < 0) {
                throw new WeftInputException(source, where + ".loops[" + i + "].dim", "'" + loop.dim()
                        + "' is not a loop dimension", "use one of " + NestProblem.DIMS);
            }
            if (loop.factor() < 1) {
                throw new WeftInputException(source, where + ".loops[" + i + "].factor", "is " + loop.factor(),
                        "give a whole number of steps, at least 1");
            }
            steps[d] = Math.multiplyExact(steps[d], loop.factor());
            loops.add(new Loop(d, loop.factor()));
        }
        for (int d = 0; d < steps.length; d++) {
            long needed = NestMapper.ceilDiv(problem.size(d), spread[d]);
            if (steps[d] != needed) {
                throw new WeftInputException(source, where + ".loops", "step " + NestProblem.DIMS.get(d) + " "
                        + steps[d] + " times in all, but " + problem.size(d) + " over " + spread[d]
                        + " PEs needs " + needed, "make the factors of " + NestProblem.DIMS.get(d) + " multiply to "
                        + needed);
            }
        }
        Map<Operand, int[]> cuts = new EnumMap<>(Operand.class);
        for (Operand operand : Operand.values()) {
            List<Memory> chain = arch.hierarchy().chain(operand);
            Map<String, Integer> kept = nest.keeps() == null ? null : nest.keeps().get(operand.label());
            String at = where + ".keeps." + operand.label();
            List<String> names = chain.stream().map(Memory::name).toList();
            if (kept == null || !kept.keySet().equals(new HashSet<>(names))) {
                throw new WeftInputException(source, at, "must name exactly the memories " + names,
                        "give how many loops each of them keeps");
            }
            int[] levels = new int[chain.size()];
            for (int level = 0; level < chain.size(); level++) {
                Memory memory = chain.get(chain.size() - 1 - level);
                Integer value = kept.get(memory.name());
                int floor = level == 0 ? 0 : levels[level - 1];
                if (value == null || value < floor || value > loops.size()
                        || (level == chain.size() - 1 && value != loops.size())) {
                    throw new WeftInputException(source, at + "." + memory.name(), "is " + value + "; it must lie "
                            + "between what the memory inside it keeps (" + floor + ") and all " + loops.size()
                            + " loops, and the outermost memory keeps all", "correct the count");
                }
                levels[level] = value;
            }
            cuts.put(operand, levels);
        }
        return new NestMapping(unrolls, loops, cuts);
    }
}
