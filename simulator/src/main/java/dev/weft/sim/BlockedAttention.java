package dev.weft.sim;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.AttentionBlockTiming;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes a softmax attention core fused FlashAttention-style, block pair by block pair, on one
 * array, the vector unit and the bandwidth-limited DRAM channel ({@link DramChannel}). Per key/value
 * head and query block: the query block is loaded once; per key/value block, the score product
 * {@code [Br x d] x [d x Bc]} runs on the array into the buffer, the vector unit's operators (the
 * online softmax with its rescaling) work on that tile in place, and the context product
 * {@code [Br x Bc] x [Bc x d]} accumulates the output block, which is written back after the last
 * key/value block. The score and probability tiles never reach DRAM. Keys and values stream again
 * for every query block, or once per head when resident.
 *
 * <p>The three steps of a block pair depend on each other, so they run one after another (as the
 * analytic model adds its members' times); loads overlap them: when a score product starts, the
 * loads of the next block pair are issued into the other half of the double-buffered blocks, as the
 * single-operator engines prefetch their next tile. Each product's folds follow the fused kernel's
 * timing ({@link AttentionBlockTiming}), the pipeline filled once per product.
 *
 * <p>A step that waits for its data owns the wait: the score product for the query and key blocks,
 * the context product for the value block and, at the end, for the last write-back. So the members'
 * cycles add up to the group's.
 */
public final class BlockedAttention {
    private BlockedAttention() {
    }

    /**
     * One member's share of the group.
     *
     * @param cycles         its steps' busy cycles plus the cycles they waited for DRAM
     * @param computeCycles  its steps' busy cycles
     */
    public record Part(long cycles, long computeCycles, double dramReadBytes, double dramWriteBytes) {
        Part plus(long waitedCycles, long busyCycles, double readBytes, double writeBytes) {
            return new Part(cycles + waitedCycles + busyCycles, computeCycles + busyCycles, dramReadBytes + readBytes,
                    dramWriteBytes + writeBytes);
        }
    }

    /** The group's cycles and its members' parts: the score product, each vector operator in order, the context product. */
    public record Result(long cycles, Part scores, List<Part> vector, Part context) {
    }

    /**
     * One core per key/value head: {@code instances} of {@code rows} query rows against {@code keys} keys
     * of width {@code headDim}, bytes per element, cut into blocks of {@code queryBlock} x {@code kvBlock}.
     */
    public record Core(long instances, long rows, long keys, long headDim, double qBytes, double kBytes, double vBytes,
                       double outBytes, long queryBlock, long kvBlock, boolean kvResident) {
    }

    private static final Part NONE = new Part(0, 0, 0, 0);

    /**
     * @param vectorCycles per vector member, its busy cycles over the whole core; each block pair takes
     *                     the share of them its score tile is of the score matrix
     */
    public static Result run(ComputeArray array, Core shape, long[] vectorCycles, MemorySpec memory) {
        long br = Math.min(shape.queryBlock(), shape.rows());
        long bc = Math.min(shape.kvBlock(), shape.keys());
        long queryBlocks = ceilDiv(shape.rows(), br);
        long kvBlocks = ceilDiv(shape.keys(), bc);
        boolean scoresTransposed = AttentionBlockTiming.transposed(array, shape.rows(), shape.keys(), shape.headDim(),
                br, bc, true);
        boolean contextTransposed = AttentionBlockTiming.transposed(array, shape.rows(), shape.keys(), shape.headDim(),
                br, bc, false);
        double scoreElements = (double) shape.instances() * shape.rows() * shape.keys();
        long latency = memory.dramLatencyCycles();
        DramChannel channel = new DramChannel(memory);

        Part scores = NONE;
        Part context = NONE;
        List<Part> vector = new ArrayList<>();
        for (int v = 0; v < vectorCycles.length; v++) {
            vector.add(NONE);
        }
        double doneElements = 0;
        long free = 0;
        long fill = AttentionBlockTiming.fillCycles(array);
        boolean firstScores = true;
        boolean firstContext = true;
        // data ready times of the current pair's blocks, and those of the pair after it once issued
        long[] ready = load(channel, 0, latency, shape, br, bc, true, true, true);
        for (long instance = 0; instance < shape.instances(); instance++) {
            for (long q = 0; q < queryBlocks; q++) {
                long rows = Math.min(br, shape.rows() - q * br);
                for (long j = 0; j < kvBlocks; j++) {
                    long keys = Math.min(bc, shape.keys() - j * bc);
                    boolean streamsKv = !shape.kvResident() || q == 0;
                    double qRead = j == 0 ? rows * shape.headDim() * shape.qBytes() : 0;
                    double kRead = streamsKv ? keys * shape.headDim() * shape.kBytes() : 0;
                    double vRead = streamsKv ? keys * shape.headDim() * shape.vBytes() : 0;

                    long start = Math.max(free, Math.max(ready[0], ready[1]));
                    long[] next = issueNext(channel, start, latency, shape, br, bc, queryBlocks, kvBlocks,
                            instance, q, j);
                    long busy = AttentionBlockTiming.pairCycles(array, shape.headDim(), rows, keys, true, scoresTransposed)
                            + (firstScores ? fill : 0);
                    firstScores = false;
                    scores = scores.plus(start - free, busy, qRead + kRead, 0);
                    free = start + busy;

                    double before = doneElements;
                    doneElements += (double) rows * keys;
                    for (int v = 0; v < vectorCycles.length; v++) {
                        long share = share(vectorCycles[v], doneElements, scoreElements)
                                - share(vectorCycles[v], before, scoreElements);
                        vector.set(v, vector.get(v).plus(0, share, 0, 0));
                        free += share;
                    }

                    start = Math.max(free, ready[2]);
                    busy = AttentionBlockTiming.pairCycles(array, shape.headDim(), rows, keys, false, contextTransposed)
                            + (firstContext ? fill : 0);
                    firstContext = false;
                    double oWrite = j == kvBlocks - 1 ? rows * shape.headDim() * shape.outBytes() : 0;
                    context = context.plus(start - free, busy, vRead, oWrite);
                    free = start + busy;
                    if (oWrite > 0) {
                        channel.write(free, oWrite);
                    }
                    ready = next;
                }
            }
        }
        long end = Math.max(free, channel.drain());
        context = context.plus(end - free, 0, 0, 0);
        return new Result(end, scores, vector, context);
    }

    /** Issues the loads of the block pair after (instance, q, j) at {@code request}; returns their ready times. */
    private static long[] issueNext(DramChannel channel, long request, long latency, Core shape, long br, long bc, long queryBlocks, long kvBlocks,
                                    long instance, long q, long j) {
        long nj = j + 1;
        long nq = q;
        long ni = instance;
        if (nj == kvBlocks) {
            nj = 0;
            nq++;
            if (nq == queryBlocks) {
                nq = 0;
                ni++;
            }
        }
        if (ni == shape.instances()) {
            return new long[] {0, 0, 0};
        }
        long rows = Math.min(br, shape.rows() - nq * br);
        long keys = Math.min(bc, shape.keys() - nj * bc);
        boolean streamsKv = !shape.kvResident() || nq == 0;
        return load(channel, request, latency, shape, rows, keys, nj == 0, streamsKv, streamsKv);
    }

    /** Loads, in order, the query block, the key block and the value block that are new; returns their ready times. */
    private static long[] load(DramChannel channel, long request, long latency, Core shape, long rows,
                               long keys, boolean query, boolean key, boolean value) {
        long d = shape.headDim();
        long qReady = query ? channel.read(request, rows * d * shape.qBytes(), false) + latency : 0;
        long kReady = key ? channel.read(request, keys * d * shape.kBytes(), false) + latency : 0;
        long vReady = value ? channel.read(request, keys * d * shape.vBytes(), false) + latency : 0;
        return new long[] {qReady, kReady, vReady};
    }

    /** The vector cycles of the first {@code elements} score elements: the total spread evenly, rounded down. */
    private static long share(long totalCycles, double elements, double allElements) {
        return (long) Math.floor(totalCycles * (elements / allElements));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
