package dev.weft.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * Array time of the two products of a fused attention core cut into query blocks of {@code Br} rows
 * and key/value blocks of {@code Bc} rows: the score product {@code [Br x d] x [d x Bc]} and the
 * context product {@code [Br x Bc] x [Bc x d]} of each block pair. Inside the fused kernel one fold's
 * stationary load and drain overlap the next fold's stream (the PE registers double-buffer the
 * stationary operand), so a fold costs {@code max(stream, rows)} cycles and the pipeline fills and
 * drains once per product: the fused kernel's timing, not the fold-by-fold contract of
 * {@link SystolicTiming} that single operators and the RTL follow. The analytic model and the
 * simulator both time fused attention by it.
 */
public final class AttentionBlockTiming {
    private AttentionBlockTiming() {
    }

    /**
     * Cycles of one product over every block pair of one head, the fill left out, in the orientation
     * {@link #transposed} chooses.
     */
    public static long productCycles(ComputeArray array, long rows, long keys, long headDim, long queryBlock,
                                     long kvBlock, boolean scores) {
        boolean transposed = transposed(array, rows, keys, headDim, queryBlock, kvBlock, scores);
        long total = 0;
        for (long[] q : edges(rows, Math.min(queryBlock, rows))) {
            for (long[] k : edges(keys, Math.min(kvBlock, keys))) {
                total += q[1] * k[1] * pairCycles(array, headDim, q[0], k[0], scores, transposed);
            }
        }
        return total;
    }

    /**
     * Whether a product runs oriented the other way (the key/value block stationary): the orientation
     * that needs fewer cycles over all its block pairs.
     */
    public static boolean transposed(ComputeArray array, long rows, long keys, long headDim, long queryBlock,
                                     long kvBlock, boolean scores) {
        long straight = 0;
        long transposed = 0;
        for (long[] q : edges(rows, Math.min(queryBlock, rows))) {
            for (long[] k : edges(keys, Math.min(kvBlock, keys))) {
                straight += q[1] * k[1] * pairCycles(array, headDim, q[0], k[0], scores, false);
                transposed += q[1] * k[1] * pairCycles(array, headDim, q[0], k[0], scores, true);
            }
        }
        return transposed < straight;
    }

    /** Cycles of one block pair's score product ({@code scores}) or context product, the fill left out. */
    public static long pairCycles(ComputeArray array, long headDim, long queryRows, long kvRows, boolean scores,
                                  boolean transposed) {
        // scores: m = query rows, n = keys, k = head width; context: m = query rows, n = head width, k = keys
        long n = scores ? kvRows : headDim;
        long reduce = scores ? headDim : kvRows;
        return transposed ? pipelined(array, n, queryRows, reduce) : pipelined(array, queryRows, n, reduce);
    }

    /** Vector operations of the online softmax beyond the plain one: the output rows rescaled once per key/value block. */
    public static double rescaleOps(long instances, long rows, long keys, long headDim, long kvBlock) {
        long blocks = (keys + Math.min(kvBlock, keys) - 1) / Math.min(kvBlock, keys);
        return (double) instances * rows * headDim * blocks;
    }

    /**
     * Vector operations that merge split-K's partial softmax states: per query row, each of the {@code parts}
     * partial outputs rescaled and added ({@code 2 x headDim}), the maxima and sums combined and one exponential
     * per part (3). None without a split.
     */
    public static double mergeOps(long instances, long rows, long headDim, long parts) {
        return parts == 1 ? 0 : (double) instances * rows * parts * (2 * headDim + 3);
    }

    /** The pipeline fill and drain a fused product pays once. */
    public static long fillCycles(ComputeArray array) {
        return 2L * array.rows() + array.cols() - 2;
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
}
