package dev.weft.nest;

import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.Port;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accesses, energy and latency of a loop nest on a {@code weft-arch/2} hierarchy. The
 * conventions, and where they differ from ZigZag's and Timeloop's, are listed in
 * {@code mapper/README.md}; in short:
 * <ul>
 *   <li>Each memory of an operand's chain holds a tile: the operand's footprint over the
 *       temporal loops it keeps and the unrolled array dimensions one instance serves.</li>
 *   <li>A tile is refilled from the next memory out each time a loop above it advances, except
 *       across the innermost loops above it that do not index the operand (stationarity). The
 *       parent reads a refill once per instance and broadcasts it along the dimensions it serves;
 *       every child instance writes its copy.</li>
 *   <li>Outputs go up after each refill period; partial sums come back down for accumulation,
 *       the first visit of each output tile skipping the read. Spatial reduction sums the
 *       outputs of the PEs along the dimensions a memory serves on the way in.</li>
 *   <li>The PEs take inputs and weights from the innermost memory of each chain once per change
 *       (the word stays on the read port while the innermost loops leave it unchanged) and update
 *       their output there every cycle.</li>
 *   <li>A transfer is charged per port access: its bits rounded up to the port's narrowest
 *       access, counted in full-width accesses.</li>
 *   <li>Latency: transfers overlap compute (double buffering); bringing the first innermost
 *       tiles of the inputs in and taking the last innermost output tile out do not.
 *       Total = max(load + ideal + drain, busiest port).</li>
 * </ul>
 */
public final class NestCostModel {
    static final int DIMS = NestProblem.DIMS.size();
    private static final Operand[] OPERANDS = Operand.values();
    private static final long[] ONES = ones();
    /** {@link NestProblem#relevant} as a table, [operand][dim]: the search asks it in its innermost loops. */
    static final boolean[][] RELEVANT = new boolean[OPERANDS.length][DIMS];

    static {
        for (Operand operand : OPERANDS) {
            for (int d = 0; d < DIMS; d++) {
                RELEVANT[operand.ordinal()][d] = NestProblem.relevant(operand, d);
            }
        }
    }

    private static long[] ones() {
        long[] ones = new long[DIMS];
        Arrays.fill(ones, 1);
        return ones;
    }

    private final Hierarchy hierarchy;
    private final Memory[] memories;
    /** Per operand, memory indices from the innermost memory of its chain outwards. */
    final int[][] chains;
    /** Per memory, per operand, its level in that operand's chain (innermost 0), or -1. */
    final int[][] levelOf;
    /** Per memory, per port: its width, and the share of each operand-direction's bits it carries. */
    private final double[][] portBits;
    private final double[][][] portShare;
    /** Per memory, per operand-direction: the port a transfer is priced at (narrowest and widest access, pJ). */
    private final double[][][] pricing;
    /** Element bits per memory per operand: [memory][operand][0 unfinished, 1 finished]. */
    private final int[][][] bits;
    /** Per memory, the array dimensions one instance spans ({@link Hierarchy#spans}). */
    private final List<Set<String>> spans;
    /** Per memory: whether its input and weight fills from the outermost memory are costed by the caller. */
    private final boolean[] filledOutside;

    public NestCostModel(Hierarchy hierarchy) {
        this(hierarchy, Set.of());
    }

    /**
     * @param filledOutside memories whose input and weight fills from the outermost memory are not
     *                      charged here: a many-core device fills its shared L2 once for the cores
     *                      that read the same panel, which the device's wave accounts
     */
    public NestCostModel(Hierarchy hierarchy, Set<String> filledOutside) {
        this.hierarchy = hierarchy;
        this.memories = hierarchy.memories().toArray(Memory[]::new);
        int count = memories.length;
        this.filledOutside = new boolean[count];
        for (int m = 0; m < count; m++) {
            this.filledOutside[m] = filledOutside.contains(memories[m].name());
        }
        chains = new int[OPERANDS.length][];
        levelOf = new int[count][OPERANDS.length];
        for (int[] row : levelOf) {
            Arrays.fill(row, -1);
        }
        for (Operand operand : OPERANDS) {
            List<Memory> chain = hierarchy.chain(operand);
            int[] indices = new int[chain.size()];
            for (int level = 0; level < indices.length; level++) {
                indices[level] = hierarchy.memories().indexOf(chain.get(chain.size() - 1 - level));
                levelOf[indices[level]][operand.ordinal()] = level;
            }
            chains[operand.ordinal()] = indices;
        }
        spans = hierarchy.memories().stream().map(hierarchy::spans).toList();
        portBits = new double[count][];
        portShare = new double[count][][];
        pricing = new double[count][OPERANDS.length * 2][];
        bits = new int[count][OPERANDS.length][2];
        for (int m = 0; m < count; m++) {
            Memory memory = memories[m];
            List<Port> ports = memory.ports();
            portBits[m] = ports.stream().mapToDouble(Port::bitsPerCycle).toArray();
            portShare[m] = new double[ports.size()][OPERANDS.length * 2];
            for (Operand operand : OPERANDS) {
                bits[m][operand.ordinal()][0] = hierarchy.bits(memory, operand, true);
                bits[m][operand.ordinal()][1] = hierarchy.bits(memory, operand, false);
                if (!memory.holds(operand)) {
                    continue;
                }
                for (int direction = 0; direction < 2; direction++) {
                    boolean read = direction == READ;
                    List<Port> carrying = memory.portsFor(operand, read);
                    double width = carrying.stream().mapToDouble(Port::bitsPerCycle).sum();
                    for (int p = 0; p < ports.size(); p++) {
                        if (ports.get(p).carries(operand, read)) {
                            portShare[m][p][slot(operand.ordinal(), direction)] = ports.get(p).bitsPerCycle() / width;
                        }
                    }
                    Port priced = carrying.get(0);
                    pricing[m][slot(operand.ordinal(), direction)] = new double[] {priced.minBits(),
                            priced.bitsPerCycle(), read ? memory.readPj() : memory.writePj()};
                }
            }
        }
    }

    static final int READ = 0;
    static final int WRITE = 1;

    private static int slot(int operand, int direction) {
        return operand * 2 + direction;
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    int memoryCount() {
        return memories.length;
    }

    Memory memory(int index) {
        return memories[index];
    }

    /** The spatial part of a mapping, worked out once for every temporal nest under it. */
    final class Spatial {
        final List<Unroll> unrolls;
        final long activePes;
        final long[] total = new long[DIMS];
        final long[][] within;
        final long[] instances;
        final boolean[] reducedOutside;
        /** Per memory, per operand: how many instances need their own copy of each element. */
        final double[][] copies;

        Spatial(List<Unroll> unrolls) {
            this.unrolls = List.copyOf(unrolls);
            long pes = 1;
            Arrays.fill(total, 1);
            for (Unroll unroll : unrolls) {
                pes *= unroll.factor();
                total[unroll.dim()] *= unroll.factor();
            }
            activePes = pes;
            within = new long[memories.length][];
            instances = new long[memories.length];
            reducedOutside = new boolean[memories.length];
            copies = new double[memories.length][OPERANDS.length];
            for (int m = 0; m < memories.length; m++) {
                Arrays.fill(copies[m], 1);
                long[] inside = ones();
                long outside = 1;
                for (Unroll unroll : unrolls) {
                    if (spans.get(m).contains(unroll.arrayDim())) {
                        inside[unroll.dim()] *= unroll.factor();
                    } else {
                        outside *= unroll.factor();
                        for (Operand operand : OPERANDS) {
                            if (!NestProblem.relevant(operand, unroll.dim())) {
                                copies[m][operand.ordinal()] *= unroll.factor();
                            }
                        }
                        reducedOutside[m] |= NestProblem.reduction(unroll.dim()) && unroll.factor() > 1;
                    }
                }
                within[m] = inside;
                instances[m] = outside;
            }
        }

        /** Per loop dimension, the PEs one instance of memory {@code m} spans; -1 is the MACs themselves. */
        long[] within(int m) {
            return m < 0 ? ONES : within[m];
        }

        long instances(int m) {
            return m < 0 ? activePes : instances[m];
        }
    }

    Spatial spatial(List<Unroll> unrolls) {
        return new Spatial(unrolls);
    }

    /** The temporal loops, innermost first, with prefix products per dimension. */
    static final class Nest {
        final int[] dims;
        final long[] factors;
        final int length;
        /** span[d][c]: product of the factors of dimension d among the innermost c loops. */
        final long[][] span;
        /** below[c]: product of the innermost c loops. */
        final double[] below;
        private final NestProblem problem;
        private final double[] extents = new double[DIMS];

        Nest(int[] dims, long[] factors, int length, NestProblem problem) {
            this.problem = problem;
            this.dims = dims;
            this.factors = factors;
            this.length = length;
            span = new long[DIMS][length + 1];
            below = new double[length + 1];
            for (int d = 0; d < DIMS; d++) {
                span[d][0] = 1;
            }
            below[0] = 1;
            for (int j = 0; j < length; j++) {
                for (int d = 0; d < DIMS; d++) {
                    span[d][j + 1] = span[d][j] * (d == dims[j] ? factors[j] : 1);
                }
                below[j + 1] = below[j] * factors[j];
            }
        }

        static Nest of(List<Loop> loops, NestProblem problem) {
            int[] dims = new int[loops.size()];
            long[] factors = new long[loops.size()];
            for (int j = 0; j < loops.size(); j++) {
                dims[j] = loops.get(j).dim();
                factors[j] = loops.get(j).factor();
            }
            return new Nest(dims, factors, loops.size(), problem);
        }

        double iterations() {
            return below[length];
        }

        /** Elements of {@code operand} spanned by the innermost {@code cut} loops and the PEs {@code within}. */
        double footprint(int operand, int cut, long[] within) {
            for (int d = 0; d < DIMS; d++) {
                extents[d] = (double) span[d][cut] * within[d];
            }
            return problem.footprint(OPERANDS[operand], extents);
        }

        List<Loop> loops() {
            Loop[] loops = new Loop[length];
            for (int j = 0; j < length; j++) {
                loops[j] = new Loop(dims[j], factors[j]);
            }
            return List.of(loops);
        }
    }

    /** Bits moved, port accesses and energy, per memory, per operand and direction. */
    final class Tally {
        final double[][] movedBits = new double[memories.length][OPERANDS.length * 2];
        final double[][] accesses = new double[memories.length][OPERANDS.length * 2];
        final double[][] pj = new double[memories.length][OPERANDS.length * 2];

        void clear() {
            for (int m = 0; m < memories.length; m++) {
                Arrays.fill(movedBits[m], 0);
                Arrays.fill(accesses[m], 0);
                Arrays.fill(pj[m], 0);
            }
        }

        void charge(int m, int operand, int direction, double elements, int elementBits, double periods,
                    double instances) {
            if (periods <= 0 || elements <= 0) {
                return;
            }
            int slot = slot(operand, direction);
            double transfer = elements * elementBits;
            double[] price = pricing[m][slot];
            movedBits[m][slot] += transfer * periods * instances;
            double portAccesses = Math.ceil(transfer / price[0] - 1e-9) * price[0] / price[1] * periods * instances;
            accesses[m][slot] += portAccesses;
            pj[m][slot] += portAccesses * price[2];
        }

        double memoryPj() {
            double total = 0;
            for (double[] row : pj) {
                for (double value : row) {
                    total += value;
                }
            }
            return total;
        }

        /** Cycles the busiest port of one instance of memory {@code m} needs for {@code bitsBySlot}. */
        double portCycles(int m, double[] bitsBySlot, double instances) {
            double slowest = 0;
            for (int p = 0; p < portBits[m].length; p++) {
                double share = 0;
                for (int slot = 0; slot < bitsBySlot.length; slot++) {
                    share += bitsBySlot[slot] * portShare[m][p][slot];
                }
                slowest = Math.max(slowest, share / instances / portBits[m][p]);
            }
            return slowest;
        }
    }

    Tally tally() {
        return new Tally();
    }

    /**
     * Charges the transfers across one boundary of {@code operand}'s chain: between its memory at
     * {@code level} (or the MACs, level -1) and the memory outside it.
     *
     * @param refills  how often the inner tile changes
     * @param returns  (outputs) how often a partial tile comes back down for more accumulation
     * @param finished (outputs) whether what goes up is final
     */
    void boundary(Tally tally, Spatial spatial, int operand, int level, double tile, double expanded, double refills,
                  double returns, boolean finished) {
        int[] chain = chains[operand];
        int child = level < 0 ? -1 : chain[level];
        int parent = chain[level + 1];
        double childInstances = spatial.instances(child);
        double parentInstances = spatial.instances(parent);
        if (operand != Operand.OUTPUT.ordinal()) {
            tally.charge(parent, operand, READ, expanded, bits[parent][operand][1], refills, parentInstances);
            if (child >= 0 && !fedFromOutside(operand, level)) {
                tally.charge(child, operand, WRITE, tile, bits[child][operand][1], refills, childInstances);
            }
            return;
        }
        int up = finished ? 1 : 0;
        tally.charge(parent, operand, WRITE, expanded, bits[parent][operand][up], refills, parentInstances);
        tally.charge(parent, operand, READ, expanded, bits[parent][operand][0], returns, parentInstances);
        if (child >= 0) {
            tally.charge(child, operand, READ, tile, bits[child][operand][up], refills, childInstances);
            tally.charge(child, operand, WRITE, tile, bits[child][operand][0], returns, childInstances);
        }
    }

    /** Whether the fills of {@code operand}'s memory at {@code level} come from the outermost memory and are costed outside. */
    boolean fedFromOutside(int operand, int level) {
        int[] chain = chains[operand];
        return filledOutside[chain[level]] && level + 2 == chain.length;
    }

    /** Fills {@code tally} with every transfer of the nest under {@code cuts}[operand][level]. */
    void tally(Tally tally, Spatial spatial, Nest nest, int[][] cuts) {
        tally.clear();
        double iterations = nest.iterations();
        for (int operand = 0; operand < OPERANDS.length; operand++) {
            int[] chain = chains[operand];
            for (int level = -1; level < chain.length - 1; level++) {
                int childCut = level < 0 ? 0 : cuts[operand][level];
                int child = level < 0 ? -1 : chain[level];
                double tile = nest.footprint(operand, childCut, spatial.within(child));
                double expanded = nest.footprint(operand, childCut, spatial.within(chain[level + 1]));
                double above = iterations / nest.below[childCut];
                boolean output = operand == Operand.OUTPUT.ordinal();
                // the MACs latch inputs and weights, never outputs
                double refills = output && level < 0 ? above : above / stationaryRun(operand, nest, childCut);
                double returns = output ? refills - relevantProduct(operand, nest, childCut) : 0;
                boolean finished = output && !spatial.reducedOutside[chain[level + 1]]
                        && reductionDone(nest, childCut);
                boundary(tally, spatial, operand, level, tile, expanded, refills, returns, finished);
            }
        }
    }

    /**
     * The objective's two figures from a tally, energy (pJ) and cycles, and the cycles the nest
     * would take were no port late (what the cycles are at least whatever the late-arrival term).
     */
    double[] energyAndCycles(Tally tally, Spatial spatial, Nest nest, int[][] cuts, NestProblem problem) {
        double energy = problem.usefulMacs() * hierarchy.array().pjPerOp() + tally.memoryPj();
        double[] times = times(tally, spatial, nest, cuts);
        return new double[] {energy, times[0], times[4]};
    }

    /** {total, ideal, onload, offload, total without late arrivals} cycles. */
    private double[] times(Tally tally, Spatial spatial, Nest nest, int[][] cuts) {
        double slowest = 0;
        for (int m = 0; m < memories.length; m++) {
            slowest = Math.max(slowest, tally.portCycles(m, tally.movedBits[m], spatial.instances(m)));
        }
        double onload = Math.max(pathCycles(tally, spatial, nest, cuts, Operand.INPUT.ordinal()),
                pathCycles(tally, spatial, nest, cuts, Operand.WEIGHT.ordinal()));
        double offload = pathCycles(tally, spatial, nest, cuts, Operand.OUTPUT.ordinal());
        double ideal = Math.ceil(nest.iterations());
        double load = Math.ceil(onload - 1e-9);
        double drain = Math.ceil(offload - 1e-9);
        double late = Math.ceil(lateCycles(spatial, nest, cuts) - 1e-9);
        double busiest = Math.ceil(slowest - 1e-9);
        return new double[] {Math.max(Math.max(ideal + load, ideal + late) + drain, busiest), ideal, load, drain,
                Math.max(ideal + load + drain, busiest)};
    }

    /**
     * Cycles a port keeps the array waiting because parts of tiles arrive after the iteration that
     * first uses them, the most over every port. Transfers overlap compute, but a tile streams in
     * in the order its parts are first used: when loops that do not index the operand sit between
     * loops that do, its first uses come in bursts (the whole first slice of a weight matrix within
     * the first pass over the rows), and a port that could deliver the whole tile over the run
     * cannot deliver a burst in time. For a port, the work due before iteration {@code t} (every
     * earlier period's refill, the parts of the current one first used by {@code t}, the PEs' reads
     * at their steady rate) minus {@code t} is what the array must wait; it peaks where a burst of
     * first uses ends. Inputs and weights only: outputs leave after their last use, which the drain
     * and the busiest port account for. The simulator ({@code dev.weft.sim.nest}) executes the same
     * deadlines transfer by transfer.
     */
    private double lateCycles(Spatial spatial, Nest nest, int[][] cuts) {
        double worst = 0;
        for (int m = 0; m < memories.length; m++) {
            for (int p = 0; p < portBits[m].length; p++) {
                worst = Math.max(worst, lateCycles(spatial, nest, cuts, m, p));
            }
        }
        return worst;
    }

    private double lateCycles(Spatial spatial, Nest nest, int[][] cuts, int m, int p) {
        int[] streamOperands = new int[4];
        int[] streamCuts = new int[4];
        double[] streamCycles = new double[4];
        int streams = 0;
        double perIteration = 0;
        for (int operand = 0; operand < OPERANDS.length; operand++) {
            int level = levelOf[m][operand];
            if (operand == Operand.OUTPUT.ordinal() || level < 0) {
                continue;
            }
            double cyclesPerBit = 1 / portBits[m][p];
            double written = portShare[m][p][slot(operand, WRITE)] * cyclesPerBit;
            if (level + 1 < chains[operand].length && written > 0 && !fedFromOutside(operand, level)) {
                int cut = cuts[operand][level];
                streamOperands[streams] = operand;
                streamCuts[streams] = cut;
                streamCycles[streams++] = nest.footprint(operand, cut, spatial.within(m)) * bits[m][operand][1]
                        * written;
            }
            double read = portShare[m][p][slot(operand, READ)] * cyclesPerBit;
            if (read > 0 && level == 0) {
                perIteration += nest.footprint(operand, 0, spatial.within(m)) * bits[m][operand][1] * read
                        / stationaryRun(operand, nest, 0);
            } else if (read > 0) {
                int cut = cuts[operand][level - 1];
                streamOperands[streams] = operand;
                streamCuts[streams] = cut;
                streamCycles[streams++] = nest.footprint(operand, cut, spatial.within(m)) * bits[m][operand][1]
                        * read;
            }
        }
        // each stream's refill period and parts, the same at every deadline
        double[] streamPeriods = new double[streams];
        double[] streamParts = new double[streams];
        for (int s = 0; s < streams; s++) {
            streamPeriods[s] = refillPeriod(nest, streamOperands[s], streamCuts[s]);
            streamParts[s] = parts(nest, streamOperands[s], streamCuts[s]);
        }
        double worst = 0;
        for (int s = 0; s < streams; s++) {
            int operand = streamOperands[s];
            if (streamCycles[s] <= 0) {
                continue;
            }
            double burstEnd = 0;
            for (int j = 0; j <= streamCuts[s]; j++) {
                boolean last = j == streamCuts[s];
                if (last || (nest.factors[j] > 1 && !RELEVANT[operand][nest.dims[j]])) {
                    double due = perIteration * burstEnd;
                    for (int other = 0; other < streams; other++) {
                        due += dueCycles(nest, streamOperands[other], streamCuts[other], streamPeriods[other],
                                streamParts[other], streamCycles[other], burstEnd);
                    }
                    worst = Math.max(worst, due - burstEnd);
                }
                if (!last && nest.factors[j] > 1 && RELEVANT[operand][nest.dims[j]]) {
                    burstEnd += (nest.factors[j] - 1) * nest.below[j];
                }
            }
        }
        return worst;
    }

    /**
     * Cycles for the operand's first word (inputs, weights) or last innermost tile (outputs) to
     * travel its whole chain, link after link: before the first MAC, after the last. The rest of
     * every input tile streams in while the array computes, in the order of its first uses,
     * which the late-arrival and busiest-port terms account for: no tile need be complete before
     * the array's first step (ZigZag waits for whole first tiles, see mapper/README.md).
     */
    private double pathCycles(Tally tally, Spatial spatial, Nest nest, int[][] cuts, int operand) {
        int[] chain = chains[operand];
        boolean output = operand == Operand.OUTPUT.ordinal();
        int cut = output ? cuts[operand][0] : 0;
        double cycles = 0;
        double[] slots = new double[OPERANDS.length * 2];
        for (int level = 0; level < chain.length - 1; level++) {
            int child = chain[level];
            int parent = chain[level + 1];
            double childBits = nest.footprint(operand, cut, spatial.within(child)) * spatial.instances(child)
                    * bits[child][operand][1];
            double parentBits = nest.footprint(operand, cut, spatial.within(parent))
                    * spatial.instances(parent) * bits[parent][operand][1];
            Arrays.fill(slots, 0);
            slots[slot(operand, output ? READ : WRITE)] = childBits;
            double atChild = tally.portCycles(child, slots, spatial.instances(child));
            Arrays.fill(slots, 0);
            slots[slot(operand, output ? WRITE : READ)] = parentBits;
            double atParent = tally.portCycles(parent, slots, spatial.instances(parent));
            cycles += Math.max(atChild, atParent);
        }
        return cycles;
    }

    public NestCost evaluate(NestProblem problem, NestMapping mapping) {
        Spatial spatial = spatial(mapping.unrolls());
        Nest nest = Nest.of(mapping.loops(), problem);
        int[][] cuts = new int[OPERANDS.length][];
        for (Operand operand : OPERANDS) {
            cuts[operand.ordinal()] = mapping.cuts().get(operand);
        }
        return evaluate(problem, spatial, nest, cuts);
    }

    NestCost evaluate(NestProblem problem, Spatial spatial, Nest nest, int[][] cuts) {
        Tally tally = tally();
        tally(tally, spatial, nest, cuts);
        Map<String, Map<Operand, NestCost.Access>> accesses = new LinkedHashMap<>();
        Map<String, Long> busy = new LinkedHashMap<>();
        for (int m = 0; m < memories.length; m++) {
            Map<Operand, NestCost.Access> perOperand = new EnumMap<>(Operand.class);
            for (Operand operand : OPERANDS) {
                if (memories[m].holds(operand)) {
                    int o = operand.ordinal();
                    perOperand.put(operand, new NestCost.Access(tally.movedBits[m][slot(o, READ)],
                            tally.movedBits[m][slot(o, WRITE)], tally.accesses[m][slot(o, READ)],
                            tally.accesses[m][slot(o, WRITE)], tally.pj[m][slot(o, READ)], tally.pj[m][slot(o, WRITE)]));
                }
            }
            accesses.put(memories[m].name(), Collections.unmodifiableMap(perOperand));
            busy.put(memories[m].name(),
                    (long) Math.ceil(tally.portCycles(m, tally.movedBits[m], spatial.instances(m)) - 1e-9));
        }
        double[] times = times(tally, spatial, nest, cuts);
        long total = (long) times[0];
        long ideal = (long) times[1];
        long load = (long) times[2];
        long drain = (long) times[3];
        return new NestCost(Collections.unmodifiableMap(accesses), problem.usefulMacs() * hierarchy.array().pjPerOp(),
                problem.usefulMacs(), ideal, load, drain, total - ideal - load - drain,
                Collections.unmodifiableMap(busy), spatial.activePes);
    }

    /**
     * Port cycles of one tile's refills due by iteration {@code t}: every earlier period's whole
     * refill, then the parts of the current period's tile first used at or before {@code t}.
     */
    private static double dueCycles(Nest nest, int operand, int cut, double period, double parts, double perRefill,
                                    double t) {
        double periods = Math.floor(t / period);
        double within = t - periods * period;
        return perRefill * (periods + firstUses(nest, operand, cut, parts, within) / parts);
    }

    /** Iterations between refills of the tile over the innermost {@code cut} loops. */
    private static double refillPeriod(Nest nest, int operand, int cut) {
        int changer = cut;
        while (changer < nest.length
                && !(nest.factors[changer] > 1 && RELEVANT[operand][nest.dims[changer]])) {
            changer++;
        }
        return nest.below[changer];
    }

    /** Parts of the tile over the innermost {@code cut} loops: one per combination of the loops that index it. */
    private static double parts(Nest nest, int operand, int cut) {
        double parts = 1;
        for (int j = 0; j < cut; j++) {
            if (RELEVANT[operand][nest.dims[j]]) {
                parts *= nest.factors[j];
            }
        }
        return parts;
    }

    /**
     * Parts of a tile over the innermost {@code cut} loops ({@code parts} of them) first used at or
     * before iteration {@code t} of its period: those whose first use, with every loop that does
     * not index the operand at zero, comes no later.
     */
    private static double firstUses(Nest nest, int operand, int cut, double parts, double t) {
        if (t >= nest.below[cut]) {
            t = nest.below[cut] - 1;
        }
        double partsBelow = parts;
        double count = 0;
        for (int j = cut - 1; j >= 0; j--) {
            boolean relevant = RELEVANT[operand][nest.dims[j]];
            if (relevant) {
                partsBelow /= nest.factors[j];
            }
            if (nest.factors[j] == 1) {
                continue;
            }
            long digit = (long) Math.floor(t / nest.below[j]) % nest.factors[j];
            if (relevant) {
                count += digit * partsBelow;
            } else if (digit > 0) {
                return count + partsBelow;
            }
        }
        return count + 1;
    }

    /** Product of the loops from {@code cut} outwards that leave {@code operand}'s tile unchanged. */
    static double stationaryRun(int operand, Nest nest, int cut) {
        double run = 1;
        for (int j = cut; j < nest.length; j++) {
            if (nest.factors[j] > 1 && RELEVANT[operand][nest.dims[j]]) {
                break;
            }
            run *= nest.factors[j];
        }
        return run;
    }

    /** Product of the loops from {@code cut} outwards that index the operand: its distinct tiles. */
    static double relevantProduct(int operand, Nest nest, int cut) {
        double product = 1;
        for (int j = cut; j < nest.length; j++) {
            if (RELEVANT[operand][nest.dims[j]]) {
                product *= nest.factors[j];
            }
        }
        return product;
    }

    static boolean reductionDone(Nest nest, int cut) {
        for (int j = cut; j < nest.length; j++) {
            if (nest.factors[j] > 1 && NestProblem.reduction(nest.dims[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bits of one instance of memory {@code m} taken by the tiles of the operands it holds. An
     * output tile is held at the partial-sum width while the memory takes part in its
     * accumulation: some reduction loop lies outside the memory inside it, or the sum is
     * completed across instances further out.
     */
    double tileBits(int m, Spatial spatial, Nest nest, int[][] cuts) {
        double total = 0;
        for (int operand = 0; operand < OPERANDS.length; operand++) {
            int level = levelOf[m][operand];
            if (level < 0) {
                continue;
            }
            int cut = cuts[operand][level];
            boolean finished = true;
            if (operand == Operand.OUTPUT.ordinal()) {
                int innerCut = level == 0 ? 0 : cuts[operand][level - 1];
                finished = !spatial.reducedOutside[m] && reductionDone(nest, innerCut);
            }
            total += nest.footprint(operand, cut, spatial.within[m]) * bits[m][operand][finished ? 1 : 0];
        }
        return total;
    }

    /**
     * Energy and port bits that every mapping spends at least at memory {@code m} for
     * {@code operand}: each of its elements enters the memory once and leaves it once, at the
     * narrowest element width and in full-width accesses, once in every instance that cannot
     * share it (instances side by side along an unrolled loop that does not index it).
     */
    void compulsory(Tally tally, Spatial spatial, int m, int operand, double elements, boolean leaves,
                    boolean enters) {
        int width = Math.min(bits[m][operand][0], bits[m][operand][1]);
        elements *= spatial.copies[m][operand];
        for (int direction = 0; direction < 2; direction++) {
            if (direction == READ ? !leaves : !enters) {
                continue;
            }
            int slot = slot(operand, direction);
            double[] price = pricing[m][slot];
            tally.movedBits[m][slot] += elements * width;
            tally.pj[m][slot] += elements * width / price[1] * price[2];
        }
    }

    /**
     * Why the mapping does not fit, if it does not: some memory's tiles, one per operand it
     * holds, exceed one instance's capacity.
     */
    public Optional<String> overflow(NestProblem problem, NestMapping mapping) {
        Spatial spatial = spatial(mapping.unrolls());
        Nest nest = Nest.of(mapping.loops(), problem);
        int[][] cuts = new int[OPERANDS.length][];
        for (Operand operand : OPERANDS) {
            cuts[operand.ordinal()] = mapping.cuts().get(operand);
        }
        for (int m = 0; m < memories.length; m++) {
            double used = tileBits(m, spatial, nest, cuts);
            if (used > memories[m].sizeBits()) {
                return Optional.of(memories[m].name() + " would hold " + (long) Math.ceil(used)
                        + " bits of tiles, it has " + memories[m].sizeBits());
            }
        }
        return Optional.empty();
    }
}
