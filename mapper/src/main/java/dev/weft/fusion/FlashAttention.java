package dev.weft.fusion;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.AttentionBlockTiming;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.Mapper;
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
 * way needs fewer cycles, timed as the fused kernel runs them ({@link AttentionBlockTiming}).
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

    /**
     * DRAM bytes of the fused core, all instances, per tensor: the queries and keys the score product
     * reads (its operands 0 and 1), the values the context product reads (its operand 1; its operand 0,
     * the probabilities, never leaves the chip) and the output it writes.
     */
    public record Traffic(double queryReadBytes, double keyReadBytes, double valueReadBytes, double outputWriteBytes) {
        public double totalBytes() {
            return queryReadBytes + keyReadBytes + valueReadBytes + outputWriteBytes;
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

    /**
     * DRAM bytes the array waits for before its first product: the first query block and, for each of the
     * {@code parts} the keys are cut into, its first key and value blocks.
     */
    public static double firstBlocksBytes(Shape s, Blocks b, long parts) {
        long partKeys = ceilDiv(s.keys(), parts);
        return s.headDim() * (Math.min(b.queryBlock(), s.rows()) * s.qBytes()
                + parts * Math.min(b.kvBlock(), partKeys) * (s.kBytes() + s.vBytes()));
    }

    /** DRAM bytes written after the last product: the last query block's output. */
    public static double lastBlockBytes(Shape s, Blocks b) {
        return Math.min(b.queryBlock(), s.rows()) * s.headDim() * s.outBytes();
    }

    public static Traffic traffic(Shape s, Blocks b) {
        double n = s.instances();
        double passes = b.passes(s);
        return new Traffic(n * s.rows() * s.headDim() * s.qBytes(), n * passes * s.keys() * s.headDim() * s.kBytes(),
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
        return AttentionBlockTiming.rescaleOps(s.instances(), s.rows(), s.keys(), s.headDim(), b.kvBlock());
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
        return s.instances() * AttentionBlockTiming.productCycles(array, s.rows(), s.keys(), s.headDim(), b.queryBlock(),
                b.kvBlock(), scores) + AttentionBlockTiming.fillCycles(array);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
