package dev.weft.sim.nest;

import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.Port;
import dev.weft.schedule.NestSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a contraction's loop nest ({@code weft-schedule/2}) on a {@code weft-arch/2}
 * hierarchy: walks the temporal loops as an odometer, innermost first, and at every step works
 * out which tile of which operand changes at which memory boundary, issues those transfers on
 * the ports of the memories at both ends, and advances time by the step's compute or by the
 * ports that keep it waiting.
 *
 * <h2>What happens at a boundary</h2>
 * A memory's tile of an operand is its footprint over the loops the memory keeps; it changes
 * when a loop above that cut that indexes the operand advances (loops that do not index it leave
 * it in place). Then the memory outside reads the new tile, widened to the array dimensions it
 * serves (one read broadcast to the instances inside), and every inner instance writes its copy.
 * An output tile that changes goes up (the outer memory writes it, the inner one reads it),
 * at the partial-sum width while a reduction loop or a reduction across instances remains above
 * the boundary; when a later tile revisits outputs already started, the partial sums come back
 * down first. The PEs take a new input or weight word from the innermost memory of its chain
 * whenever the innermost loops change it, and update their output there every cycle.
 * Every such transfer is counted as it is issued, bits and energy (priced per port access as
 * {@link Port#accesses} rounds it), per memory and operand, summed over the memory's instances.
 *
 * <h2>Time</h2>
 * One step is one run of the loops below the smallest cut of any innermost memory (or below a
 * smaller cut, so that a nest has at least {@link #MIN_STEPS} steps): nothing but the PEs' own
 * reads and updates changes inside it, so the step computes for as many cycles as it has
 * iterations. All instances of a memory act alike, so one instance's ports stand for
 * all; an operand served by several ports of a memory spreads over them in proportion to their
 * widths. Every memory double-buffers its tiles: the refill of a tile may start once the tile
 * before the current one is done with (the start of the current tile's period), and must have
 * delivered the part a step uses before that step starts. A tile streams in: the part each step
 * first uses is due at that step, so a large tile does not hold up the first step it feeds.
 * Outputs leave as each part is last used and must be gone before their buffer is needed again,
 * two periods later; the PEs' own traffic is due within its step. Each port serves its work
 * earliest deadline first ({@link PortQueue}); a step lasts until its work is done, so the
 * time beyond its iterations is a stall. After the last step the last outputs drain.
 *
 * <h2>Why it is fast</h2>
 * The simulation takes one step per refill period of the innermost memories, not one per
 * cycle or per MAC: the transfers inside a step are a closed-form count (a loop below the
 * step's cut changes a PE's word every so many iterations), and each port's queue holds a few
 * runs of equal chunks, one per boundary and period, rather than one entry per word. A
 * BERT-sized GEMM on these machines is a few hundred thousand steps at most.
 *
 * <p>Capacities are not checked here: the mapper and schedule replay reject a nest that does not fit.
 */
public final class NestSimulator {
    private static final Operand[] OPERANDS = Operand.values();
    private static final int OUTPUT = Operand.OUTPUT.ordinal();
    /**
     * Steps a nest is cut into at least (when it has that many iterations): the resolution at
     * which tiles stream. Without it a nest whose innermost memories keep every loop would be
     * one step, waiting for whole tiles that a machine starts on as their first words arrive.
     */
    private static final long MIN_STEPS = 4096;

    private final Hierarchy hierarchy;

    public NestSimulator(Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Executes {@code schedule} for a contraction of GEMM extents {@code b, m, n, k}.
     *
     * @param source where the schedule came from, for messages
     */
    public NestRun simulate(long b, long m, long n, long k, NestSchedule schedule, String source) {
        return simulate(new long[] {b, m, n, k, 1, 1, 1, 1}, new long[] {1, 1}, new long[] {1, 1}, schedule, source);
    }

    /**
     * Executes {@code schedule} for a contraction of extents {@code b, m, n, k, p, q, r, s}
     * ({@code dev.weft.workload.ConvolutionLoops}): input rows {@code strides[0]*p + r}, columns
     * {@code strides[1]*q + s}, at most {@code inputSizes} of each.
     */
    public NestRun simulate(long[] extents, long[] strides, long[] inputSizes, NestSchedule schedule, String source) {
        return new Execution(NestPlan.of(hierarchy, extents, strides, inputSizes, schedule, source)).run();
    }

    /** One memory boundary of one operand's chain: the child's tile below, the parent above. */
    private static final class Boundary {
        final int operand;
        final int child;
        final int parent;
        final int cut;
        /** The loop whose advance changes the tile. */
        final int changer;
        /** Steps per period: the tile stays this long. */
        final long periodSteps;
        /** Steps, from a period's start, at which a part of the tile is first used. */
        final long[] firstUses;
        final double parentBits;
        final double childBits;
        final double returnParentBits;
        final double returnChildBits;

        Boundary(NestPlan plan, int operand, int level, int stepCut, long[] strides) {
            this.operand = operand;
            this.child = plan.chains[operand][level];
            this.parent = plan.chains[operand][level + 1];
            this.cut = plan.cuts[operand][level];
            this.changer = plan.firstRelevant(operand, cut);
            this.periodSteps = plan.below[changer] / plan.below[stepCut];
            List<Long> offsets = new ArrayList<>(List.of(0L));
            for (int j = stepCut; j < cut; j++) {
                if (plan.factors[j] > 1 && NestPlan.relevant(operand, plan.dims[j])) {
                    List<Long> next = new ArrayList<>();
                    for (long offset : offsets) {
                        for (long digit = 0; digit < plan.factors[j]; digit++) {
                            next.add(offset + digit * strides[j]);
                        }
                    }
                    offsets = next;
                }
            }
            Collections.sort(offsets);
            firstUses = offsets.stream().mapToLong(Long::longValue).toArray();
            Memory childMemory = plan.memories[child];
            Memory parentMemory = plan.memories[parent];
            double tile = plan.footprint(operand, cut, child);
            double expanded = plan.footprint(operand, cut, parent);
            boolean partial = operand == OUTPUT && (plan.reducedOutside[parent] || plan.reductionAbove(cut));
            parentBits = expanded * plan.hierarchy.bits(parentMemory, OPERANDS[operand], partial);
            childBits = tile * plan.hierarchy.bits(childMemory, OPERANDS[operand], partial);
            returnParentBits = expanded * plan.hierarchy.bits(parentMemory, OPERANDS[operand], true);
            returnChildBits = tile * plan.hierarchy.bits(childMemory, OPERANDS[operand], true);
        }
    }

    private final class Execution {
        final NestPlan plan;
        final int stepCut;
        final long blockIterations;
        final long steps;
        /** Steps per advance of each loop at or above the step's cut. */
        final long[] strides;
        final long[] digits;
        final List<Boundary> boundaries = new ArrayList<>();
        final PortQueue[][] queues;
        /** Per memory, per operand and direction (read 0, write 1): the queues of the ports that carry it, and their width together. */
        final PortQueue[][][] carriers;
        final double[][] carriedBits;
        final double[][][] bits;
        final double[][][] portAccesses;
        final double[][][][] lastAccesses;

        Execution(NestPlan plan) {
            this.plan = plan;
            int smallest = plan.length;
            for (int[] cuts : plan.cuts) {
                smallest = Math.min(smallest, cuts[0]);
            }
            // finer where the innermost tiles span most of the nest, so that they still stream
            while (smallest > 0 && plan.below[plan.length] / plan.below[smallest] < MIN_STEPS) {
                smallest--;
            }
            stepCut = smallest;
            blockIterations = plan.below[stepCut];
            steps = plan.below[plan.length] / blockIterations;
            strides = new long[plan.length];
            digits = new long[plan.length];
            for (int j = stepCut; j < plan.length; j++) {
                strides[j] = plan.below[j] / blockIterations;
            }
            int count = plan.memories.length;
            queues = new PortQueue[count][];
            carriers = new PortQueue[count][OPERANDS.length * 2][];
            carriedBits = new double[count][OPERANDS.length * 2];
            bits = new double[count][OPERANDS.length][2];
            portAccesses = new double[count][OPERANDS.length][2];
            lastAccesses = new double[count][OPERANDS.length][2][];
            for (double[][][] byOperand : lastAccesses) {
                for (double[][] byDirection : byOperand) {
                    byDirection[0] = new double[] {-1, 0};
                    byDirection[1] = new double[] {-1, 0};
                }
            }
            for (int m = 0; m < count; m++) {
                List<Port> ports = plan.memories[m].ports();
                queues[m] = new PortQueue[ports.size()];
                for (int p = 0; p < ports.size(); p++) {
                    queues[m][p] = new PortQueue();
                }
                for (Operand operand : OPERANDS) {
                    for (int direction = 0; direction < 2; direction++) {
                        List<PortQueue> carrying = new ArrayList<>();
                        for (int p = 0; p < ports.size(); p++) {
                            if (ports.get(p).carries(operand, direction == 0)) {
                                carrying.add(queues[m][p]);
                                carriedBits[m][operand.ordinal() * 2 + direction] += ports.get(p).bitsPerCycle();
                            }
                        }
                        carriers[m][operand.ordinal() * 2 + direction] = carrying.toArray(PortQueue[]::new);
                    }
                }
            }
            for (int operand = 0; operand < OPERANDS.length; operand++) {
                for (int level = 0; level < plan.chains[operand].length - 1; level++) {
                    boundaries.add(new Boundary(plan, operand, level, stepCut, strides));
                }
            }
        }

        /** Counts {@code times} transfers of {@code bitsPerInstance} in every instance of memory {@code m}. */
        void count(int m, int operand, boolean read, double bitsPerInstance, double times) {
            if (bitsPerInstance <= 0 || times <= 0) {
                return;
            }
            int direction = read ? 0 : 1;
            double instances = plan.instances(m);
            bits[m][operand][direction] += bitsPerInstance * instances * times;
            portAccesses[m][operand][direction] += transferAccesses(m, operand, direction, bitsPerInstance)
                    * instances * times;
        }

        /** A transfer's port accesses, remembered per size: a nest moves a handful of sizes many times. */
        double transferAccesses(int m, int operand, int direction, double bitsPerInstance) {
            double[] last = lastAccesses[m][operand][direction];
            if (last[0] != bitsPerInstance) {
                last[0] = bitsPerInstance;
                last[1] = plan.memories[m].portAccesses(OPERANDS[operand], direction == 0, bitsPerInstance);
            }
            return last[1];
        }

        /** Puts {@code bitsPerInstance} on the ports that carry them, due before the next step. */
        void issueToStep(int m, int operand, boolean read, double bitsPerInstance) {
            int slot = operand * 2 + (read ? 0 : 1);
            for (PortQueue queue : carriers[m][slot]) {
                queue.addToStep(bitsPerInstance / carriedBits[m][slot]);
            }
        }

        /** Puts {@code bitsPerInstance} on the ports that carry them, in equal chunks due at {@code base + offsets[i]}. */
        void issue(int m, int operand, boolean read, double bitsPerInstance, long base, long[] offsets) {
            int slot = operand * 2 + (read ? 0 : 1);
            int chunks = offsets == null ? 1 : offsets.length;
            double chunkCycles = bitsPerInstance / chunks / carriedBits[m][slot];
            for (PortQueue queue : carriers[m][slot]) {
                queue.add(chunkCycles, base, offsets);
            }
        }

        /** Counts one tile crossing {@code boundary}: down when the parent reads it, up when it writes it. */
        void cross(Boundary boundary, double parentBits, double childBits, boolean parentReads) {
            count(boundary.parent, boundary.operand, parentReads, parentBits, 1);
            count(boundary.child, boundary.operand, !parentReads, childBits, 1);
        }

        /** Queues the tile coming down for the period at {@code periodStart}, streamed over the steps that first use it. */
        void queueIn(Boundary boundary, long periodStart) {
            if (periodStart >= steps) {
                return;
            }
            if (boundary.operand != OUTPUT) {
                issue(boundary.parent, boundary.operand, true, boundary.parentBits, periodStart, boundary.firstUses);
                issue(boundary.child, boundary.operand, false, boundary.childBits, periodStart, boundary.firstUses);
            } else if (revisits(boundary.cut, periodStart)) {
                issue(boundary.parent, OUTPUT, true, boundary.returnParentBits, periodStart, boundary.firstUses);
                issue(boundary.child, OUTPUT, false, boundary.returnChildBits, periodStart, boundary.firstUses);
            }
        }

        /** Whether the output tile at {@code cut} seen at step {@code step} was started before. */
        boolean revisits(int cut, long step) {
            for (int j = Math.max(cut, stepCut); j < plan.length; j++) {
                if (NestPlan.reduction(plan.dims[j]) && plan.factors[j] > 1
                        && (step / strides[j]) % plan.factors[j] != 0) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the current step is the last use, within its period, of its part of the output tile. */
        boolean lastUse(Boundary boundary) {
            for (int j = stepCut; j < boundary.changer; j++) {
                if (NestPlan.reduction(plan.dims[j]) && digits[j] != plan.factors[j] - 1) {
                    return false;
                }
            }
            return true;
        }

        /** Moves the odometer one step; returns the outermost loop that advanced. */
        int advance() {
            int j = stepCut;
            while (++digits[j] == plan.factors[j]) {
                digits[j] = 0;
                j++;
            }
            return j;
        }

        NestRun run() {
            MacTraffic[] mac = new MacTraffic[OPERANDS.length];
            for (int operand = 0; operand < OPERANDS.length; operand++) {
                mac[operand] = new MacTraffic(operand);
            }
            double time = 0;
            for (long step = 0; step < steps; step++) {
                int advanced = step == 0 ? plan.length : advance();
                for (Boundary boundary : boundaries) {
                    if (boundary.changer > advanced) {
                        continue;
                    }
                    if (boundary.operand != OUTPUT) {
                        cross(boundary, boundary.parentBits, boundary.childBits, true);
                    } else {
                        if (step > 0) {
                            cross(boundary, boundary.parentBits, boundary.childBits, false);
                        }
                        if (revisits(boundary.cut, step)) {
                            cross(boundary, boundary.returnParentBits, boundary.returnChildBits, true);
                        }
                    }
                    if (step == 0) {
                        queueIn(boundary, 0);
                    }
                    queueIn(boundary, step + boundary.periodSteps);
                }
                if (step == 0) {
                    time += serveUntilDue(0, 0);
                }
                for (MacTraffic traffic : mac) {
                    traffic.step(step, advanced);
                }
                time += serveUntilDue(step + 1, blockIterations);
                for (Boundary boundary : boundaries) {
                    if (boundary.operand == OUTPUT && lastUse(boundary)) {
                        long periodStart = step - step % boundary.periodSteps;
                        long due = Math.min(steps, periodStart + 2 * boundary.periodSteps);
                        int parts = boundary.firstUses.length;
                        issue(boundary.parent, OUTPUT, false, boundary.parentBits / parts, due, null);
                        issue(boundary.child, OUTPUT, true, boundary.childBits / parts, due, null);
                    }
                }
            }
            for (Boundary boundary : boundaries) {
                if (boundary.operand == OUTPUT) {
                    cross(boundary, boundary.parentBits, boundary.childBits, false);
                }
            }
            double drain = 0;
            for (PortQueue[] ports : queues) {
                for (PortQueue queue : ports) {
                    drain = Math.max(drain, queue.leftCycles());
                }
            }
            time += drain;
            long cycles = (long) Math.ceil(time - 1e-6);
            long compute = steps * blockIterations;
            return new NestRun(cycles, compute, cycles - compute, accesses());
        }

        /** Serves every port until the work due by {@code step} is done, and at least {@code cycles}; returns how long that took. */
        double serveUntilDue(long step, double cycles) {
            double duration = cycles;
            for (PortQueue[] ports : queues) {
                for (PortQueue queue : ports) {
                    if (!queue.idle()) {
                        duration = Math.max(duration, queue.dueCycles(step));
                    }
                }
            }
            for (PortQueue[] ports : queues) {
                for (PortQueue queue : ports) {
                    queue.serve(duration);
                }
            }
            return duration;
        }

        Map<String, Map<Operand, NestRun.Traffic>> accesses() {
            Map<String, Map<Operand, NestRun.Traffic>> byMemory = new LinkedHashMap<>();
            for (int m = 0; m < plan.memories.length; m++) {
                Map<Operand, NestRun.Traffic> byOperand = new EnumMap<>(Operand.class);
                for (Operand operand : OPERANDS) {
                    if (plan.memories[m].holds(operand)) {
                        int o = operand.ordinal();
                        byOperand.put(operand, new NestRun.Traffic(bits[m][o][0], bits[m][o][1],
                                portAccesses[m][o][0], portAccesses[m][o][1]));
                    }
                }
                byMemory.put(plan.memories[m].name(), Collections.unmodifiableMap(byOperand));
            }
            return Collections.unmodifiableMap(byMemory);
        }

        /**
         * The PEs' traffic with the innermost memory of one operand's chain during a step: a new
         * input or weight word whenever a loop that indexes it advances (the first of the step's
         * iterations counts when the step's own advance changed it), an output update every
         * iteration, read back first unless the output is on its first visit.
         */
        final class MacTraffic {
            final int operand;
            final int memory;
            final int changer;
            final double wordBits;
            final double returnBits;
            /** Changes inside one step after its first iteration (input, weight). */
            final long innerChanges;
            /** Iterations of a step whose reduction loops below the step's cut are all at zero. */
            final long firstVisits;

            MacTraffic(int operand) {
                this.operand = operand;
                this.memory = plan.chains[operand][0];
                this.changer = plan.firstRelevant(operand, 0);
                Memory inner = plan.memories[memory];
                double elements = plan.footprint(operand, 0, memory);
                boolean partial = operand == OUTPUT && (plan.reducedOutside[memory] || plan.reductionAbove(0));
                wordBits = elements * hierarchy.bits(inner, OPERANDS[operand], partial);
                returnBits = elements * hierarchy.bits(inner, OPERANDS[operand], true);
                innerChanges = changer < stepCut ? blockIterations / plan.below[changer] - 1 : 0;
                long visits = 1;
                for (int j = 0; j < stepCut; j++) {
                    if (!NestPlan.reduction(plan.dims[j])) {
                        visits *= plan.factors[j];
                    }
                }
                firstVisits = visits;
            }

            void step(long step, int advanced) {
                if (operand == OUTPUT) {
                    long returns = blockIterations - (revisits(0, step) ? 0 : firstVisits);
                    count(memory, OUTPUT, false, wordBits, blockIterations);
                    count(memory, OUTPUT, true, returnBits, returns);
                    issueToStep(memory, OUTPUT, false, wordBits * blockIterations);
                    issueToStep(memory, OUTPUT, true, returnBits * returns);
                    return;
                }
                long changes = innerChanges + (changer <= advanced ? 1 : 0);
                count(memory, operand, true, wordBits, changes);
                issueToStep(memory, operand, true, wordBits * changes);
            }
        }
    }
}
