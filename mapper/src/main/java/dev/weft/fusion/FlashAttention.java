package dev.weft.fusion;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.SystolicTiming;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.Mapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Softmax attention fused FlashAttention-style (Dao et al., NeurIPS 2022): per key/value head,
 * a block of {@code Br} query rows stays on chip while blocks of {@code Bc} keys and values
 * stream past it; the scores of a block pair live in an accumulator tile and an online softmax
 * (running maximum and sum per row, the output accumulator rescaled per key/value block)
 * turns them into the output without the score matrix ever reaching DRAM.
 *
 * <p>DRAM traffic per head: the queries and the output once, the keys and values once per
 * query block ({@code ceil(rows / Br)} times), or once in all when they stay resident in the
 * buffer beside the query block.
 *
 * <p>Array time: each block product runs as folds of the array's dataflow, oriented whichever
 * way needs fewer cycles (the query block or the key/value block stationary). Inside the fused
 * kernel one fold's stationary load and drain overlap the next fold's stream (the PE registers
 * double-buffer the stationary operand), so a fold costs {@code max(stream, rows)} cycles and
 * the pipeline fills and drains once per product: this is the fused kernel's timing, not the
 * fold-by-fold contract of {@link SystolicTiming} that single operators, the simulator and
 * the RTL follow.
 */
public final class FlashAttention {
    /** Scores, output accumulators and the softmax state are 32-bit. */
    static final double ACCUMULATOR_BYTES = 4;

    private FlashAttention() {
    }

    /**
     * One attention core per key/value head: {@code instances} of {@code rows} query rows (the
     * query heads sharing a key/value head stacked) against {@code keys} keys of width
     * {@code headDim}. Bytes are per element.
     */
    public record Shape(long instances, long rows, long keys, long headDim, double qBytes, double kBytes,
                        double vBytes, double outBytes) {
        /** The shape of the core whose score product is {@code qk} and whose context product is {@code av}. */
        public static Shape of(GemmView qk, GemmView av) {
            return new Shape(qk.batch(), qk.problem().m(), qk.problem().n(), qk.problem().k(),
                    qk.a().dtype().bits() / 8.0, qk.b().dtype().bits() / 8.0, av.b().dtype().bits() / 8.0,
                    av.out().dtype().bits() / 8.0);
        }
    }

    /** A block choice: query rows per block, key/value rows per block, keys and values resident or streamed. */
    public record Blocks(long queryBlock, long kvBlock, boolean kvResident) {
        long passes(Shape shape) {
            return kvResident ? 1 : ceilDiv(shape.rows(), queryBlock);
        }
    }

    /** DRAM bytes of the fused core, all instances: the score product's reads, the context product's reads and writes. */
    public record Traffic(double scoreReadBytes, double contextReadBytes, double contextWriteBytes) {
        public double totalBytes() {
            return scoreReadBytes + contextReadBytes + contextWriteBytes;
        }
    }

    /** Buffer bytes the blocks occupy: double-buffered queries and streamed key/value blocks, scores, output, state. */
    public static double footprintBytes(Shape s, Blocks b) {
        double d = s.headDim();
        double br = Math.min(b.queryBlock(), s.rows());
        double bc = Math.min(b.kvBlock(), s.keys());
        double kv = b.kvResident() ? s.keys() * d * (s.kBytes() + s.vBytes()) : 2 * bc * d * (s.kBytes() + s.vBytes());
        return 2 * br * d * s.qBytes() + kv + br * bc * ACCUMULATOR_BYTES + br * d * (ACCUMULATOR_BYTES + s.outBytes())
                + 2 * br * ACCUMULATOR_BYTES;
    }

    public static Traffic traffic(Shape s, Blocks b) {
        double n = s.instances();
        double passes = b.passes(s);
        return new Traffic(n * (s.rows() * s.headDim() * s.qBytes() + passes * s.keys() * s.headDim() * s.kBytes()),
                n * passes * s.keys() * s.headDim() * s.vBytes(), n * s.rows() * s.headDim() * s.outBytes());
    }

    /** Array cycles of the score products {@code [Br x d] x [d x Bc]} over every block pair and instance. */
    public static long scoreCycles(ComputeArray array, Shape s, Blocks b) {
        return blockProductCycles(array, s, b, true);
    }

    /** Array cycles of the context products {@code [Br x Bc] x [Bc x d]} over every block pair and instance. */
    public static long contextCycles(ComputeArray array, Shape s, Blocks b) {
        return blockProductCycles(array, s, b, false);
    }

    /** Vector operations of the online softmax beyond the plain one: the output rows rescaled once per key/value block. */
    public static double rescaleOps(Shape s, Blocks b) {
        return (double) s.instances() * s.rows() * s.headDim() * ceilDiv(s.keys(), Math.min(b.kvBlock(), s.keys()));
    }

    /**
     * The blocks with the least {@code cycles x DRAM bytes} (a proxy of the energy-delay product,
     * DRAM dominating the energy of attention) among those whose footprint fits
     * {@code capacityBytes}; empty when none fits, and the core then runs unfused.
     */
    public static Optional<Blocks> search(ComputeArray array, Shape s, double capacityBytes, double dramBytesPerCycle,
                                          double vectorOpsPerCycle) {
        Blocks best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (long br : Mapper.extents(s.rows())) {
            for (long bc : Mapper.extents(s.keys())) {
                for (boolean resident : new boolean[] {false, true}) {
                    Blocks blocks = new Blocks(br, bc, resident);
                    if (footprintBytes(s, blocks) > capacityBytes) {
                        continue;
                    }
                    double bytes = traffic(s, blocks).totalBytes();
                    double cycles = Math.max(Math.max(scoreCycles(array, s, blocks) + contextCycles(array, s, blocks),
                            bytes / dramBytesPerCycle), rescaleOps(s, blocks) / vectorOpsPerCycle);
                    double score = cycles * bytes;
                    if (score < bestScore) {
                        bestScore = score;
                        best = blocks;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static long blockProductCycles(ComputeArray array, Shape s, Blocks b, boolean scores) {
        long br = Math.min(b.queryBlock(), s.rows());
        long bc = Math.min(b.kvBlock(), s.keys());
        long straight = 0;
        long transposed = 0;
        for (long[] q : edges(s.rows(), br)) {
            for (long[] k : edges(s.keys(), bc)) {
                long pairs = q[1] * k[1];
                // scores: m = query rows, n = keys, k = head width; context: m = query rows, n = head width, k = keys
                long n = scores ? k[0] : s.headDim();
                long reduce = scores ? s.headDim() : k[0];
                straight += pairs * pipelined(array, q[0], n, reduce);
                transposed += pairs * pipelined(array, n, q[0], reduce);
            }
        }
        long fill = 2L * array.rows() + array.cols() - 2;
        return s.instances() * Math.min(straight, transposed) + fill;
    }

    /** Folds of {@code [m x k] x [k x n]} back to back, each fold's stationary load and drain hidden behind the next stream. */
    private static long pipelined(ComputeArray array, long m, long n, long k) {
        SystolicTiming.Folds folds = SystolicTiming.folds(array.dataflow(), array.rows(), array.cols(), m, n, k);
        return folds.count() * Math.max(folds.stream(), array.rows());
    }

    /** The blocks along one dimension: {size, count} of the full ones, then of the last partial one. */
    private static List<long[]> edges(long whole, long block) {
        long full = whole / block;
        long rest = whole % block;
        List<long[]> edges = new ArrayList<>();
        if (full > 0) {
            edges.add(new long[] {block, full});
        }
        if (rest > 0) {
            edges.add(new long[] {rest, 1});
        }
        return edges;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
