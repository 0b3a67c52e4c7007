package dev.weft.sim;

import dev.weft.schedule.GemmTile;
import java.util.Arrays;

/**
 * Walks a job's buffer tiles in execution order (batch outermost, then the DRAM loops in the
 * job's order) and says, for each step, what the double-buffered SRAM must fetch and write.
 *
 * <p>Reuse rule: a tensor's tile stays on chip while consecutive steps use the same tile of
 * it, and is fetched again as soon as a step needs a different one. An output tile that
 * leaves before its reduction is complete goes to DRAM as 32-bit partial sums and is read
 * back when the walk returns to it. A mutable cursor rather than a list of steps, because a
 * whole model has millions of them.
 */
public final class TileWalk {
    private final GemmJob job;
    private final GemmTile problem;
    private final GemmTile tile;
    private final char[] order;
    private final long[] counts = new long[3];
    private final long[] index = new long[3];
    private long batchIndex;
    private long stepsLeftInBatch;
    private final long stepsPerBatch;
    private boolean started;

    private long im;
    private long in;
    private long ik;
    private long prevIm = -1;
    private long prevIn = -1;
    private long prevIk = -1;
    private boolean newBatch;

    public TileWalk(GemmJob job) {
        this.job = job;
        this.problem = job.problem();
        this.tile = job.tile();
        this.order = job.order().toCharArray();
        long steps = 1;
        for (int i = 0; i < 3; i++) {
            counts[i] = tile.count(problem, order[i]);
            steps *= counts[i];
        }
        this.stepsPerBatch = steps;
    }

    public long totalSteps() {
        return stepsPerBatch * job.batch();
    }

    /** Moves to the next step; false after the last one. */
    public boolean next() {
        prevIm = im;
        prevIn = in;
        prevIk = ik;
        if (!started) {
            started = true;
            batchIndex = 0;
            stepsLeftInBatch = stepsPerBatch - 1;
            newBatch = true;
        } else if (stepsLeftInBatch == 0) {
            if (++batchIndex >= job.batch()) {
                return false;
            }
            Arrays.fill(index, 0);
            stepsLeftInBatch = stepsPerBatch - 1;
            newBatch = true;
        } else {
            for (int i = 2; i >= 0; i--) {
                if (++index[i] < counts[i]) {
                    break;
                }
                index[i] = 0;
            }
            stepsLeftInBatch--;
            newBatch = false;
        }
        for (int i = 0; i < 3; i++) {
            switch (order[i]) {
                case 'm' -> im = index[i];
                case 'n' -> in = index[i];
                default -> ik = index[i];
            }
        }
        return true;
    }

    public long em() {
        return extent(problem.m(), tile.m(), im);
    }

    public long en() {
        return extent(problem.n(), tile.n(), in);
    }

    public long ek() {
        return extent(problem.k(), tile.k(), ik);
    }

    /** Reduction steps the array takes for this tile's k extent. */
    public long kk() {
        return job.stepping().steps(ek());
    }

    public boolean newIfmap() {
        return newBatch || im != prevIm || ik != prevIk;
    }

    public boolean newFilter() {
        return newBatch || in != prevIn || ik != prevIk;
    }

    public boolean outputArrives() {
        return newBatch || im != prevIm || in != prevIn;
    }

    /** Whether this step's output tile leaves the buffer after it (the next step uses another, or none). */
    public boolean outputDeparts() {
        if (stepsLeftInBatch == 0) {
            return true;
        }
        // the innermost loop that advances next is the first from the inside not at its end
        for (int i = 2; i >= 0; i--) {
            if (index[i] + 1 < counts[i]) {
                return order[i] != 'k' || innerOutputLoopWraps(i);
            }
        }
        return true;
    }

    /** Loops inside position {@code i} wrap to 0 when it advances: the output moves if one of them is m or n with more than one tile. */
    private boolean innerOutputLoopWraps(int i) {
        for (int j = i + 1; j < 3; j++) {
            if (order[j] != 'k' && counts[j] > 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether the reduction of this step's output tile is complete after it. */
    public boolean reductionComplete() {
        return ik == counts[kPosition()] - 1;
    }

    /** Whether an arriving output tile brings partial sums back from DRAM. */
    public boolean psumArrives() {
        return outputArrives() && ik > 0;
    }

    public double ifmapLoadBytes() {
        return newIfmap() && !job.onChip().contains(Tensor.IFMAP) ? em() * ek() * job.ifmapBytes() : 0;
    }

    public double filterLoadBytes() {
        return newFilter() && !job.onChip().contains(Tensor.FILTER) ? ek() * en() * job.filterBytes() : 0;
    }

    public double psumLoadBytes() {
        return psumArrives() ? em() * en() * GemmJob.PSUM_BYTES : 0;
    }

    /** Bytes written back when the output departs: finished outputs (none when they stay on chip), or partial sums. */
    public double writeBytes() {
        if (reductionComplete()) {
            return job.onChip().contains(Tensor.OFMAP) ? 0 : em() * en() * job.ofmapBytes();
        }
        return em() * en() * GemmJob.PSUM_BYTES;
    }

    public boolean firstReductionTile() {
        return ik == 0;
    }

    private int kPosition() {
        for (int i = 0; i < 3; i++) {
            if (order[i] == 'k') {
                return i;
            }
        }
        throw new IllegalStateException("order without k");
    }

    private static long extent(long whole, long size, long index) {
        return Math.min(size, whole - index * size);
    }
}
