package dev.weft.nest;

import dev.weft.arch.Operand;
import java.util.List;

/**
 * A contraction as the loop-nest model sees it: the four loop dimensions of its GEMM view
 * ({@code b, m, n, k}) with their sizes, each operand indexed by some of them:
 * {@code O[b,m,n] += I[b,m,k] * W[b,k,n]}.
 *
 * @param name      the operator's name, for messages
 * @param sizes     extents of {@link #DIMS}, in that order
 * @param usefulMacs multiply-accumulates that do work (zeros of sparse weights skipped)
 */
public record NestProblem(String name, long[] sizes, double usefulMacs) {
    public static final List<String> DIMS = List.of("b", "m", "n", "k");
    public static final int B = 0;
    public static final int M = 1;
    public static final int N = 2;
    public static final int K = 3;

    public NestProblem {
        sizes = sizes.clone();
        if (sizes.length != DIMS.size()) {
            throw new IllegalArgumentException(name + ": a nest problem has " + DIMS.size() + " dimensions");
        }
        for (long size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException(name + ": dimension sizes must be positive");
            }
        }
    }

    /** A dense GEMM {@code [m x k] x [k x n]}, {@code batch} times. */
    public static NestProblem gemm(String name, long batch, long m, long n, long k) {
        return new NestProblem(name, new long[] {batch, m, n, k}, (double) batch * m * n * k);
    }

    public long size(int dim) {
        return sizes[dim];
    }

    /** Whether {@code operand} is indexed by loop dimension {@code dim}. */
    public static boolean relevant(Operand operand, int dim) {
        return switch (operand) {
            case INPUT -> dim != N;
            case WEIGHT -> dim != M;
            case OUTPUT -> dim != K;
        };
    }

    /** Elements of the whole {@code operand}. */
    public double elements(Operand operand) {
        double product = 1;
        for (int d = 0; d < sizes.length; d++) {
            if (relevant(operand, d)) {
                product *= sizes[d];
            }
        }
        return product;
    }

    public static int dimIndex(String name) {
        return DIMS.indexOf(name);
    }
}
