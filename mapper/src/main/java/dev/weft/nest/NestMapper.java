package dev.weft.nest;

import dev.weft.arch.ArrayDim;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Operand;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the mapping of a contraction that minimises the objective over the whole mapping
 * space: every spatial unrolling the array allows, every order of the temporal loops split into
 * their prime factors (so tiles of every factorisation, not only powers of two; beyond
 * {@code maxLoops} factors the smallest are merged, as ZigZag's LOMA does), each memory,
 * innermost first, keeping as many loops as its capacity allows.
 *
 * <p>The search is a branch and bound over loop orders built from the innermost loop out. At
 * each partial order it prices the transfers that are already decided (boundaries whose inner
 * memory can take no more loops) with the most optimistic stationarity the remaining loops
 * could give, and takes the ideal compute cycles as the latency; a partial order whose bound
 * exceeds the best complete mapping so far cannot lead to a better one and is cut (an equal
 * bound is kept: it may hide a tie that is better on the other figure). Ties on the objective
 * go to the lower energy (or, minimising energy, the fewer cycles), then to the mapping met
 * first in the enumeration order, so the result equals the brute-force minimum exactly
 * (tested on random operators and machines).
 */
public final class NestMapper {
    private static final int OPERANDS = Operand.values().length;
    /** Bounds and exact costs are summed differently; equal values must not be cut. */
    private static final double TOLERANCE = 1e-9;
    /** The dimensions whose loops the seed orders keep together: reduction, output channels, output positions, batch. */
    private static final int[][] SEED_GROUPS = {{NestProblem.K, NestProblem.R, NestProblem.S}, {NestProblem.N},
            {NestProblem.M, NestProblem.P, NestProblem.Q}, {NestProblem.B}};

    /** Temporal loops a nest is split into at most: ZigZag's LOMA uses 6. */
    public static final int DEFAULT_MAX_LOOPS = 8;
    /** A GEMM's dimensions, b, m, n and k: the fewest loops a mapper must allow. */
    private static final int GEMM_DIMS = 4;

    private final NestCostModel model;
    /** No memory's loops capped: what {@link #allocate} starts from. */
    private final int[] unlimited;
    private final Objective objective;
    private final int maxLoops;
    private long evaluated;

    public NestMapper(Hierarchy hierarchy, Objective objective) {
        this(hierarchy, objective, DEFAULT_MAX_LOOPS);
    }

    /**
     * @param maxLoops when the prime factors of the temporal loops outnumber this, the two
     *                 smallest factors of the dimension with the most are merged until they do not
     *                 (ZigZag's {@code lpf_limit}), which bounds the orders to search
     */
    public NestMapper(Hierarchy hierarchy, Objective objective, int maxLoops) {
        this(new NestCostModel(hierarchy), objective, maxLoops);
    }

    /** A mapper over a cost model built by the caller (one whose shared memories are filled outside). */
    public NestMapper(NestCostModel model, Objective objective, int maxLoops) {
        if (maxLoops < GEMM_DIMS) {
            throw new IllegalArgumentException("a nest needs room for one loop per dimension of a GEMM, not "
                    + maxLoops);
        }
        this.model = model;
        this.unlimited = new int[model.memoryCount()];
        java.util.Arrays.fill(unlimited, Integer.MAX_VALUE);
        this.objective = objective;
        this.maxLoops = maxLoops;
    }

    public NestCostModel model() {
        return model;
    }

    /** Complete mappings evaluated so far. */
    public long evaluated() {
        return evaluated;
    }

    /** The best mapping and its cost. */
    public record Best(NestMapping mapping, NestCost cost, double score) {
    }

    /**
     * The optimum; empty when no mapping fits the memories. Memories keep loops greedily, innermost
     * first ({@link #allocate}); where that leaves no mapping at all, the inner memories yield loops to
     * the memories above them, and that smaller space is searched whole.
     */
    public Optional<Best> map(NestProblem problem) {
        Optional<Best> best = new Search(problem, true, false).run();
        return best.isPresent() ? best : new Search(problem, false, true).run();
    }

    /** Every mapping of the space evaluated, nothing cut: the reference the search is tested against. */
    public Optional<Best> bruteForce(NestProblem problem) {
        Optional<Best> best = new Search(problem, false, false).run();
        return best.isPresent() ? best : new Search(problem, false, true).run();
    }

    /** The spatial unrollings the array allows for {@code problem}. */
    List<List<Unroll>> unrollings(NestProblem problem) {
        List<List<Unroll>> result = new ArrayList<>();
        long[] spread = new long[NestCostModel.DIMS];
        java.util.Arrays.fill(spread, 1);
        unrollings(problem, 0, new ArrayList<>(), spread, result);
        return result;
    }

    private void unrollings(NestProblem problem, int index, List<Unroll> chosen, long[] spread,
                            List<List<Unroll>> result) {
        List<ArrayDim> dims = model.hierarchy().array().dims();
        if (index == dims.size()) {
            result.add(List.copyOf(chosen));
            return;
        }
        ArrayDim arrayDim = dims.get(index);
        boolean any = false;
        for (String name : arrayDim.unrolls()) {
            int d = NestProblem.dimIndex(name);
            long remaining = ceilDiv(problem.size(d), spread[d]);
            if (remaining <= 1) {
                continue;
            }
            for (long factor : factors(remaining, arrayDim.size())) {
                any = true;
                chosen.add(new Unroll(arrayDim.name(), d, (int) factor));
                spread[d] *= factor;
                unrollings(problem, index + 1, chosen, spread, result);
                spread[d] /= factor;
                chosen.remove(chosen.size() - 1);
            }
        }
        if (!any) {
            unrollings(problem, index + 1, chosen, spread, result);
        }
    }

    /**
     * Unroll factors worth trying for a loop of {@code remaining} on {@code width} PEs: as many
     * PEs as possible, and the largest divisor of the loop that fits, which wastes no PE-cycles
     * on a ragged last step.
     */
    static List<Long> factors(long remaining, int width) {
        long widest = Math.min(remaining, width);
        long divisor = widest;
        while (remaining % divisor != 0) {
            divisor--;
        }
        return divisor == widest ? List.of(widest) : List.of(widest, divisor);
    }

    /**
     * The residual loop extents split into prime factors, at most {@code maxLoops} of them, equal
     * factors next to each other.
     */
    static List<Loop> primeLoops(long[] residual, int maxLoops) {
        List<List<Long>> perDim = new ArrayList<>();
        int total = 0;
        for (long extent : residual) {
            List<Long> primes = new ArrayList<>();
            long rest = extent;
            for (long p = 2; p * p <= rest; p++) {
                while (rest % p == 0) {
                    primes.add(p);
                    rest /= p;
                }
            }
            if (rest > 1) {
                primes.add(rest);
            }
            perDim.add(primes);
            total += primes.size();
        }
        while (total > maxLoops) {
            List<Long> most = perDim.get(0);
            for (List<Long> primes : perDim) {
                if (primes.size() > most.size()) {
                    most = primes;
                }
            }
            if (most.size() < 2) {
                break; // one loop per dimension left, as LOMA never goes below
            }
            java.util.Collections.sort(most);
            most.set(1, most.get(0) * most.get(1));
            most.remove(0);
            java.util.Collections.sort(most);
            total--;
        }
        List<Loop> loops = new ArrayList<>();
        for (int d = 0; d < perDim.size(); d++) {
            for (long factor : perDim.get(d)) {
                loops.add(new Loop(d, factor));
            }
        }
        return loops;
    }

    public static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * Each memory, innermost first, keeps the innermost loops up to the first that would
     * overflow it, counting the tiles of every operand it holds; an operand never keeps fewer
     * loops than in the memory inside it. The outermost memory of a chain keeps every loop.
     *
     * <p>Kept greedily, per-PE memories can together hold more than the memory above them (Simba's
     * sixteen 64 KiB input buffers under one 64 KiB global buffer), which then cannot hold even
     * their tiles. With {@code yieldToOuter}, the inner memories whose tiles overflow it keep one loop
     * fewer, until every memory fits or none has a loop left to give.
     *
     * @return whether even the smallest tiles fit
     */
    boolean allocate(NestCostModel.Spatial spatial, NestCostModel.Nest nest, int[][] cuts, boolean yieldToOuter) {
        int full = allocate(spatial, nest, cuts, unlimited);
        if (full < 0) {
            return true;
        }
        if (!yieldToOuter) {
            return false;
        }
        int[] most = unlimited.clone();
        while (full >= 0) {
            int widest = 0;
            for (int operand = 0; operand < OPERANDS; operand++) {
                if (keptBelow(full, operand) > 0) {
                    widest = Math.max(widest, cuts[operand][model.levelOf[full][operand] - 1]);
                }
            }
            if (widest == 0) {
                return false;
            }
            // every memory inside that keeps the widest cut gives up its outermost loop: the innermost
            // of them chose it, the others kept it because an operand never keeps fewer loops outwards
            for (int operand = 0; operand < OPERANDS; operand++) {
                for (int inner = 0; inner < keptBelow(full, operand); inner++) {
                    if (cuts[operand][inner] >= widest) {
                        int memory = model.chains[operand][inner];
                        most[memory] = Math.min(most[memory], widest - 1);
                    }
                }
            }
            full = allocate(spatial, nest, cuts, most);
        }
        return true;
    }

    /** Whether memory {@code m} chooses how many loops {@code operand} keeps in it: it holds it, not as its chain's top. */
    private boolean allocates(int m, int operand) {
        int level = model.levelOf[m][operand];
        return level >= 0 && level < model.chains[operand].length - 1;
    }

    /** Memories of {@code operand}'s chain inside {@code m} when {@code m} allocates it; else 0. */
    private int keptBelow(int m, int operand) {
        return allocates(m, operand) ? model.levelOf[m][operand] : 0;
    }

    /**
     * Allocates with memory {@code m} keeping at most {@code most[m]} loops (never more than the
     * nest has); the memory that overflows, or -1.
     */
    private int allocate(NestCostModel.Spatial spatial, NestCostModel.Nest nest, int[][] cuts, int[] most) {
        for (int operand = 0; operand < OPERANDS; operand++) {
            int[] chain = model.chains[operand];
            java.util.Arrays.fill(cuts[operand], 0);
            cuts[operand][chain.length - 1] = nest.length;
        }
        for (int m = model.memoryCount() - 1; m >= 0; m--) {
            long capacity = model.memory(m).sizeBits();
            int[] inner = new int[OPERANDS];
            boolean holdsAny = false;
            for (int operand = 0; operand < OPERANDS; operand++) {
                if (!allocates(m, operand)) {
                    inner[operand] = -1;
                    continue;
                }
                holdsAny = true;
                int level = model.levelOf[m][operand];
                inner[operand] = level == 0 ? 0 : cuts[operand][level - 1];
            }
            if (!holdsAny) {
                continue;
            }
            int chosen = widestFitting(m, inner, spatial, nest, cuts, capacity, Math.min(most[m], nest.length));
            if (chosen < 0) {
                return m;
            }
            raise(m, inner, chosen, cuts);
        }
        return -1;
    }

    /**
     * The most loops memory {@code m} can keep, -1 if not even none fit: a bisection, since its
     * tiles only grow with the cut (every operand's extent along each dimension is a product of
     * loop extents, each at least 1; the element widths depend on the memories inside only), so
     * the cuts that fit are those up to the first that overflows.
     */
    private int widestFitting(int m, int[] inner, NestCostModel.Spatial spatial, NestCostModel.Nest nest,
                              int[][] cuts, long capacity, int most) {
        int fits = -1;
        int overflows = most + 1;
        while (overflows - fits > 1) {
            int cut = fits == -1 && overflows == most + 1 ? most : (fits + overflows) / 2;
            raise(m, inner, cut, cuts);
            if (model.tileBits(m, spatial, nest, cuts) > capacity) {
                overflows = cut;
            } else {
                fits = cut;
            }
        }
        return fits;
    }

    private void raise(int m, int[] inner, int cut, int[][] cuts) {
        for (int operand = 0; operand < OPERANDS; operand++) {
            if (inner[operand] >= 0) {
                cuts[operand][model.levelOf[m][operand]] = Math.max(inner[operand], cut);
            }
        }
    }

    private final class Search {
        private final NestProblem problem;
        private final boolean prune;
        private final NestCostModel.Tally tally = model.tally();
        private NestCostModel.Spatial spatial;
        private Loop[] items;
        private int[] remaining;
        private int[] dims;
        private long[] factors;
        private int[][] cuts;
        private double iterations;
        private double bestScore = Double.POSITIVE_INFINITY;
        /** Among mappings of equal score, the one better on the other figure wins (ZigZag's rule). */
        private double bestTieBreak = Double.POSITIVE_INFINITY;
        private double tieBreak;
        /** Whether the mapping last scored takes the cycles it would with no port late. */
        private boolean noPortLate;
        /** The completion {@link #orderSettled} allocated. */
        private NestCostModel.Nest settledNest;
        /** Elements of each whole operand. */
        private final double[] elements = new double[OPERANDS];
        /** The best score known, possibly of a mapping met out of enumeration order: only for cutting. */
        private double cutoff = Double.POSITIVE_INFINITY;
        private NestMapping bestMapping;

        /** Whether inner memories yield loops to the memories above them ({@link NestMapper#allocate}). */
        private final boolean yieldToOuter;

        Search(NestProblem problem, boolean prune, boolean yieldToOuter) {
            this.problem = problem;
            this.prune = prune;
            this.yieldToOuter = yieldToOuter;
            for (Operand operand : Operand.values()) {
                elements[operand.ordinal()] = problem.elements(operand);
            }
        }

        Optional<Best> run() {
            for (List<Unroll> unrolls : unrollings(problem)) {
                spatial = model.spatial(unrolls);
                long[] residual = new long[NestCostModel.DIMS];
                for (int d = 0; d < residual.length; d++) {
                    residual[d] = ceilDiv(problem.size(d), spatial.total[d]);
                }
                List<Loop> primes = primeLoops(residual, maxLoops);
                List<Loop> distinct = new ArrayList<>();
                List<Integer> counts = new ArrayList<>();
                for (Loop loop : primes) {
                    int last = distinct.size() - 1;
                    if (last >= 0 && distinct.get(last).equals(loop)) {
                        counts.set(last, counts.get(last) + 1);
                    } else {
                        distinct.add(loop);
                        counts.add(1);
                    }
                }
                items = distinct.toArray(Loop[]::new);
                remaining = counts.stream().mapToInt(Integer::intValue).toArray();
                dims = new int[primes.size()];
                factors = new long[primes.size()];
                cuts = new int[OPERANDS][];
                for (int operand = 0; operand < OPERANDS; operand++) {
                    cuts[operand] = new int[model.chains[operand].length];
                }
                iterations = 1;
                for (Loop loop : primes) {
                    iterations *= loop.factor();
                }
                seedIncumbent(primes);
                place(0);
            }
            if (bestMapping == null) {
                return Optional.empty();
            }
            NestCost cost = model.evaluate(problem, bestMapping);
            return Optional.of(new Best(bestMapping, cost, bestScore));
        }

        private void place(int position) {
            if (position == dims.length) {
                complete();
                return;
            }
            if (prune && position > 0 && bound(position) > cutoff * (1 + TOLERANCE)) {
                return;
            }
            if (prune && position > 0 && orderSettled(position)) {
                complete(settledNest, true);
                if (noPortLate) {
                    return;
                }
            }
            for (int i = 0; i < items.length; i++) {
                if (remaining[i] == 0) {
                    continue;
                }
                remaining[i]--;
                dims[position] = items[i].dim();
                factors[position] = items[i].factor();
                place(position + 1);
                remaining[i]++;
            }
        }

        /**
         * Whether the order of the loops not yet placed can change nothing but how late ports
         * are, leaving in {@code dims} and {@code factors} the first completion in enumeration
         * order (the remaining loops in item order). If that completion then has no port late,
         * no other completion can displace it: they all have its energy and at least its cycles,
         * so at least its score and tie-break, and it is met first; the rest of the subtree is
         * skipped.
         *
         * <p>In that completion, every memory below the top of a chain must keep either fewer than
         * {@code position} loops or every loop, and from each boundary's cut below
         * {@code position} some loop indexing the operand must advance within the placed loops
         * (the MACs' latched outputs excepted: they refill every iteration). Then, for any order
         * of the rest: the tiles tried while allocating a memory that stops early span placed
         * loops only, a memory that keeps every loop holds whole extents (and its smaller tiles
         * fit too: a tile only grows with its cut), and whether an output tile is finished
         * depends on which reduction loops lie above it, not their order; so the memories keep
         * the same loops. Every tile, refill period (the stationary run ends at that indexing
         * loop, or is empty above the last loop), distinct-tile count, busiest port, loading and
         * draining path is then a function of the placed loops and of the set of the others;
         * only the late-arrival term depends on their order. The products of loop extents the
         * model forms are integers below 2^53, exact in any order.
         */
        private boolean orderSettled(int position) {
            int kinds = 0;
            for (int count : remaining) {
                kinds += count > 0 ? 1 : 0;
            }
            // one kind of loop left has one order: the enumeration meets it next anyway
            if (kinds < 2 || iterations > 0x1p53) {
                return false;
            }
            int next = position;
            for (int i = 0; i < items.length; i++) {
                for (int n = 0; n < remaining[i]; n++) {
                    dims[next] = items[i].dim();
                    factors[next++] = items[i].factor();
                }
            }
            settledNest = new NestCostModel.Nest(dims, factors, dims.length, problem);
            if (!allocate(spatial, settledNest, cuts, yieldToOuter)) {
                return false;
            }
            for (int operand = 0; operand < OPERANDS; operand++) {
                int top = model.chains[operand].length - 1;
                for (int level = operand == Operand.OUTPUT.ordinal() ? 0 : -1; level < top; level++) {
                    int cut = level < 0 ? 0 : cuts[operand][level];
                    if (cut != dims.length && !advancesBefore(operand, cut, position)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Whether a loop in {@code [from, to)} of the order indexes {@code operand} and has more than one step. */
        private boolean advancesBefore(int operand, int from, int to) {
            for (int j = from; j < to; j++) {
                if (factors[j] > 1 && NestCostModel.RELEVANT[operand][dims[j]]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Scores the orders that keep each group of dimensions' loops together, the reduction
         * innermost, then each order of the output channels, the output positions and the batch,
         * so that cutting starts from a good score. They are not recorded as the best:
         * the enumeration meets them again in its own order.
         */
        private void seedIncumbent(List<Loop> primes) {
            if (!prune) {
                return;
            }
            int[][] orders = {{0, 1, 2, 3}, {0, 1, 3, 2}, {0, 2, 1, 3}, {0, 2, 3, 1}, {0, 3, 1, 2}, {0, 3, 2, 1}};
            for (int[] order : orders) {
                int position = 0;
                for (int group : order) {
                    for (int dim : SEED_GROUPS[group]) {
                        for (Loop loop : primes) {
                            if (loop.dim() == dim) {
                                dims[position] = loop.dim();
                                factors[position++] = loop.factor();
                            }
                        }
                    }
                }
                cutoff = Math.min(cutoff, score());
            }
        }

        /** The score of the complete order in {@code dims} and {@code factors}; infinite when it does not fit. */
        private double score() {
            return score(new NestCostModel.Nest(dims, factors, dims.length, problem), false);
        }

        /** @param allocated whether {@code cuts} already hold {@code nest}'s allocation */
        private double score(NestCostModel.Nest nest, boolean allocated) {
            if (!allocated && !allocate(spatial, nest, cuts, yieldToOuter)) {
                tieBreak = Double.POSITIVE_INFINITY;
                noPortLate = false;
                return Double.POSITIVE_INFINITY;
            }
            model.tally(tally, spatial, nest, cuts);
            double[] figures = model.energyAndCycles(tally, spatial, nest, cuts, problem);
            evaluated++;
            noPortLate = figures[1] == figures[2];
            tieBreak = objective.tieBreak(figures[0], figures[1]);
            return objective.score(figures[0], figures[1]);
        }

        private void complete() {
            complete(new NestCostModel.Nest(dims, factors, dims.length, problem), false);
        }

        private void complete(NestCostModel.Nest nest, boolean allocated) {
            double score = score(nest, allocated);
            cutoff = Math.min(cutoff, score);
            if (score < bestScore || (score == bestScore && tieBreak < bestTieBreak)) {
                bestScore = score;
                bestTieBreak = tieBreak;
                Map<Operand, int[]> chosen = new EnumMap<>(Operand.class);
                for (Operand operand : Operand.values()) {
                    chosen.put(operand, cuts[operand.ordinal()].clone());
                }
                bestMapping = new NestMapping(spatial.unrolls, nest.loops(), chosen);
            }
        }

        /**
         * A lower bound on the score of every completion of the innermost {@code length} loops:
         * the transfers across boundaries whose inner memory is already full, at the fewest
         * refills the remaining loops could allow, and at least the ideal compute cycles.
         */
        private double bound(int length) {
            NestCostModel.Nest nest = new NestCostModel.Nest(dims, factors, length, problem);
            if (!allocate(spatial, nest, cuts, yieldToOuter)) {
                return Double.POSITIVE_INFINITY;
            }
            boolean[] settled = settled(nest);
            tally.clear();
            double[] irrelevantLeft = new double[OPERANDS];
            double[] relevantLeft = new double[OPERANDS];
            boolean reductionLeft = false;
            java.util.Arrays.fill(irrelevantLeft, 1);
            java.util.Arrays.fill(relevantLeft, 1);
            for (int i = 0; i < items.length; i++) {
                for (int n = 0; n < remaining[i]; n++) {
                    for (int operand = 0; operand < OPERANDS; operand++) {
                        if (NestCostModel.RELEVANT[operand][items[i].dim()]) {
                            relevantLeft[operand] *= items[i].factor();
                        } else {
                            irrelevantLeft[operand] *= items[i].factor();
                        }
                    }
                    reductionLeft |= NestProblem.reduction(items[i].dim());
                }
            }
            for (int operand = 0; operand < OPERANDS; operand++) {
                int[] chain = model.chains[operand];
                boolean output = operand == Operand.OUTPUT.ordinal();
                for (int level = -1; level < chain.length - 1; level++) {
                    if (level >= 0 && !settled[chain[level]]) {
                        unsettledBoundaries(operand, level);
                        break;
                    }
                    int childCut = level < 0 ? 0 : cuts[operand][level];
                    int child = level < 0 ? -1 : chain[level];
                    double tile = nest.footprint(operand, childCut, spatial.within(child));
                    double expanded = nest.footprint(operand, childCut, spatial.within(chain[level + 1]));
                    double above = iterations / nest.below[childCut];
                    double refills = above;
                    if (!(output && level < 0)) {
                        double run = NestCostModel.stationaryRun(operand, nest, childCut);
                        boolean open = runReachesEnd(operand, nest, childCut);
                        refills = above / (open ? run * irrelevantLeft[operand] : run);
                    }
                    double returns = output ? refills - NestCostModel.relevantProduct(operand, nest, childCut)
                            * relevantLeft[operand] : 0;
                    boolean finished = output && !reductionLeft && !spatial.reducedOutside[chain[level + 1]]
                            && NestCostModel.reductionDone(nest, childCut);
                    model.boundary(tally, spatial, operand, level, tile, expanded, refills, Math.max(0, returns),
                            finished);
                }
            }
            double energy = problem.usefulMacs() * model.hierarchy().array().pjPerOp() + tally.memoryPj();
            double cycles = Math.ceil(iterations);
            for (int m = 0; m < model.memoryCount(); m++) {
                cycles = Math.max(cycles, Math.ceil(tally.portCycles(m, tally.movedBits[m], spatial.instances(m))
                        - 1e-9));
            }
            return objective.score(energy, cycles);
        }

        /**
         * From the first memory of {@code operand}'s chain whose loops are still open outwards,
         * every element still crosses every boundary at least once.
         */
        private void unsettledBoundaries(int operand, int firstOpen) {
            int[] chain = model.chains[operand];
            boolean output = operand == Operand.OUTPUT.ordinal();
            for (int level = firstOpen; level < chain.length - 1; level++) {
                // inputs and weights leave the parent and enter the child; outputs the other way
                model.compulsory(tally, spatial, chain[level + 1], operand, elements[operand], !output, output);
                model.compulsory(tally, spatial, chain[level], operand, elements[operand], output,
                        !output && !model.fedFromOutside(operand, level));
            }
        }

        private boolean runReachesEnd(int operand, NestCostModel.Nest nest, int cut) {
            for (int j = cut; j < nest.length; j++) {
                if (nest.factors[j] > 1 && NestCostModel.RELEVANT[operand][nest.dims[j]]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Memories whose loops are decided whatever comes next: the loop after their last one did
         * not fit, and every memory inside them on any of their operands' chains is decided too.
         */
        private boolean[] settled(NestCostModel.Nest nest) {
            boolean[] settled = new boolean[model.memoryCount()];
            for (int m = model.memoryCount() - 1; m >= 0; m--) {
                boolean full = true;
                boolean holdsAny = false;
                for (int operand = 0; operand < OPERANDS && full; operand++) {
                    int level = model.levelOf[m][operand];
                    if (level < 0 || level == model.chains[operand].length - 1) {
                        continue;
                    }
                    holdsAny = true;
                    full = cuts[operand][level] < nest.length
                            && (level == 0 || settled[model.chains[operand][level - 1]]);
                }
                settled[m] = holdsAny && full;
            }
            return settled;
        }
    }
}
