package dev.weft.sim.nest;

import dev.weft.arch.ArrayDim;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.NestSchedule;
import java.util.List;
import java.util.Map;

/**
 * A {@code weft-schedule/2} loop nest read against its machine: the temporal loops as arrays,
 * each operand's chain and cuts, and what the spatial unrolling makes of each memory (how many
 * instances it has, how many PEs one instance spans per loop dimension, whether outputs are
 * still summed across its instances further out).
 */
final class NestPlan {
    static final List<String> DIMS = ArrayDim.LOOP_DIMS;
    private static final int N = DIMS.indexOf("n");
    private static final int M = DIMS.indexOf("m");
    /** The output rows and columns, and the kernel's, that index the input together. */
    private static final int[] OUTER = {DIMS.indexOf("p"), DIMS.indexOf("q")};
    private static final int[] WINDOW = {DIMS.indexOf("r"), DIMS.indexOf("s")};
    static final Operand[] OPERANDS = Operand.values();

    final Hierarchy hierarchy;
    final Memory[] memories;
    final int[] dims;
    final long[] factors;
    final int length;
    /** below[j]: product of the innermost j loops. */
    final long[] below;
    /** Per operand, memory indices of its chain, innermost first. */
    final int[][] chains;
    /** Per operand, per level of its chain (innermost first): loops the memory keeps. */
    final int[][] cuts;
    final long activePes;
    final long[][] within;
    final long[] instances;
    final boolean[] reducedOutside;
    private final long[] strides;
    private final long[] inputSizes;

    private NestPlan(Hierarchy hierarchy, int[] dims, long[] factors, int[][] chains, int[][] cuts, long activePes,
                     long[][] within, long[] instances, boolean[] reducedOutside, long[] strides, long[] inputSizes) {
        this.hierarchy = hierarchy;
        this.strides = strides;
        this.inputSizes = inputSizes;
        this.memories = hierarchy.memories().toArray(Memory[]::new);
        this.dims = dims;
        this.factors = factors;
        this.length = dims.length;
        this.chains = chains;
        this.cuts = cuts;
        this.activePes = activePes;
        this.within = within;
        this.instances = instances;
        this.reducedOutside = reducedOutside;
        below = new long[length + 1];
        below[0] = 1;
        for (int j = 0; j < length; j++) {
            below[j + 1] = Math.multiplyExact(below[j], factors[j]);
        }
    }

    /** Whether stepping {@code dim} changes which elements of {@code operand} are used. */
    static boolean relevant(int operand, int dim) {
        return switch (OPERANDS[operand]) {
            case INPUT -> dim != N;
            case WEIGHT -> dim != M && dim != OUTER[0] && dim != OUTER[1];
            case OUTPUT -> !reduction(dim);
        };
    }

    /** Whether the output is summed over {@code dim}: the input channels and the kernel's rows and columns. */
    static boolean reduction(int dim) {
        return dim == DIMS.indexOf("k") || dim == WINDOW[0] || dim == WINDOW[1];
    }

    /**
     * Checks the schedule against the machine and the extents as far as executing it needs: known
     * array and loop dimensions, loops that cover the extents, and keeps for exactly each chain.
     */
    static NestPlan of(Hierarchy hierarchy, long[] extents, long[] strides, long[] inputSizes, NestSchedule schedule,
                       String source) {
        List<Memory> memories = hierarchy.memories();
        List<java.util.Set<String>> spans = memories.stream().map(hierarchy::spans).toList();
        long[][] within = new long[memories.size()][];
        long[] instances = new long[memories.size()];
        boolean[] reducedOutside = new boolean[memories.size()];
        for (int m = 0; m < memories.size(); m++) {
            within[m] = new long[DIMS.size()];
            java.util.Arrays.fill(within[m], 1);
            instances[m] = 1;
        }
        long[] spread = new long[DIMS.size()];
        java.util.Arrays.fill(spread, 1);
        long pes = 1;
        List<NestSchedule.Spatial> spatial = schedule.spatial() == null ? List.of() : schedule.spatial();
        for (int i = 0; i < spatial.size(); i++) {
            NestSchedule.Spatial unroll = spatial.get(i);
            String at = "nest.spatial[" + i + "]";
            ArrayDim arrayDim = hierarchy.array().dim(unroll.arrayDim()).orElseThrow(() -> new WeftInputException(
                    source, at + ".array_dim", "'" + unroll.arrayDim() + "' is not a dimension of the array",
                    "use one of " + hierarchy.array().dims().stream().map(ArrayDim::name).toList()));
            int dim = DIMS.indexOf(unroll.dim());
            if (dim < 0 || unroll.factor() < 1 || unroll.factor() > arrayDim.size()) {
                throw new WeftInputException(source, at, "unrolls '" + unroll.dim() + "' by " + unroll.factor()
                        + " along " + arrayDim.name() + " (size " + arrayDim.size() + ")",
                        "give a loop dimension of " + DIMS + " and a factor from 1 to the dimension's size");
            }
            spread[dim] *= unroll.factor();
            pes *= unroll.factor();
            for (int m = 0; m < memories.size(); m++) {
                if (spans.get(m).contains(arrayDim.name())) {
                    within[m][dim] *= unroll.factor();
                } else {
                    instances[m] *= unroll.factor();
                    reducedOutside[m] |= reduction(dim) && unroll.factor() > 1;
                }
            }
        }
        List<NestSchedule.Temporal> loops = schedule.loops() == null ? List.of() : schedule.loops();
        int[] dims = new int[loops.size()];
        long[] factors = new long[loops.size()];
        long[] steps = new long[DIMS.size()];
        java.util.Arrays.fill(steps, 1);
        for (int j = 0; j < loops.size(); j++) {
            dims[j] = DIMS.indexOf(loops.get(j).dim());
            factors[j] = loops.get(j).factor();
            if (dims[j] < 0 || factors[j] < 1) {
                throw new WeftInputException(source, "nest.loops[" + j + "]", "steps '" + loops.get(j).dim() + "' "
                        + factors[j] + " times", "give a loop dimension of " + DIMS + " and a factor of at least 1");
            }
            steps[dims[j]] = Math.multiplyExact(steps[dims[j]], factors[j]);
        }
        for (int d = 0; d < steps.length; d++) {
            long needed = (extents[d] + spread[d] - 1) / spread[d];
            if (steps[d] != needed) {
                throw new WeftInputException(source, "nest.loops", "step " + DIMS.get(d) + " " + steps[d]
                        + " times in all, but " + extents[d] + " over " + spread[d] + " PEs needs " + needed,
                        "make the factors of " + DIMS.get(d) + " multiply to " + needed);
            }
        }
        int[][] chains = new int[OPERANDS.length][];
        int[][] cuts = new int[OPERANDS.length][];
        for (Operand operand : OPERANDS) {
            List<Memory> chain = hierarchy.chain(operand);
            Map<String, Integer> kept = schedule.keeps() == null ? null : schedule.keeps().get(operand.label());
            int[] indices = new int[chain.size()];
            int[] levels = new int[chain.size()];
            for (int level = 0; level < chain.size(); level++) {
                Memory memory = chain.get(chain.size() - 1 - level);
                Integer value = kept == null ? null : kept.get(memory.name());
                int floor = level == 0 ? 0 : levels[level - 1];
                boolean outermost = level == chain.size() - 1;
                if (value == null || value < floor || value > loops.size() || (outermost && value != loops.size())) {
                    throw new WeftInputException(source, "nest.keeps." + operand.label() + "." + memory.name(),
                            "is " + value + "; it must lie between what the memory inside it keeps (" + floor
                                    + ") and all " + loops.size() + " loops, and the outermost memory keeps all",
                            "correct the count");
                }
                indices[level] = memories.indexOf(memory);
                levels[level] = value;
            }
            chains[operand.ordinal()] = indices;
            cuts[operand.ordinal()] = levels;
        }
        return new NestPlan(hierarchy, dims, factors, chains, cuts, pes, within, instances, reducedOutside, strides,
                inputSizes);
    }

    long instances(int memory) {
        return memory < 0 ? activePes : instances[memory];
    }

    /** Elements of {@code operand} spanned by the innermost {@code cut} loops and the PEs one instance of {@code memory} spans. */
    double footprint(int operand, int cut, int memory) {
        long[] spans = new long[DIMS.size()];
        for (int d = 0; d < DIMS.size(); d++) {
            spans[d] = memory < 0 ? 1 : within[memory][d];
            for (int j = 0; j < cut; j++) {
                if (dims[j] == d) {
                    spans[d] *= factors[j];
                }
            }
        }
        boolean input = OPERANDS[operand] == Operand.INPUT;
        double product = 1;
        for (int d = 0; d < DIMS.size(); d++) {
            boolean windowed = input && (d == OUTER[0] || d == OUTER[1] || d == WINDOW[0] || d == WINDOW[1]);
            if (relevant(operand, d) && !windowed) {
                product *= spans[d];
            }
        }
        if (input) {
            // the distinct input rows (columns) that the output and kernel positions touch
            for (int axis = 0; axis < 2; axis++) {
                long outer = spans[OUTER[axis]];
                long window = spans[WINDOW[axis]];
                long rows = window >= strides[axis] ? (outer - 1) * strides[axis] + window : outer * window;
                product *= Math.min(rows, inputSizes[axis]);
            }
        }
        return product;
    }

    /** The innermost loop at or above {@code cut} that indexes {@code operand} and steps; {@link #length} if none. */
    int firstRelevant(int operand, int cut) {
        for (int j = cut; j < length; j++) {
            if (factors[j] > 1 && relevant(operand, dims[j])) {
                return j;
            }
        }
        return length;
    }

    /** Whether a reduction loop steps at or above {@code cut}. */
    boolean reductionAbove(int cut) {
        for (int j = cut; j < length; j++) {
            if (factors[j] > 1 && reduction(dims[j])) {
                return true;
            }
        }
        return false;
    }
}
