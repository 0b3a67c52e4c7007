package dev.weft.nest;

import dev.weft.arch.Operand;
import java.util.List;

/**
 * A contraction as the loop-nest model sees it: eight loop dimensions with their sizes, each
 * operand indexed by some of them,
 * {@code O[b,m,n,p,q] += I[b,m,k, sy*p + r, sx*q + s] * W[b,n,k,r,s]}.
 * A GEMM {@code O[b,m,n] += I[b,m,k] * W[b,k,n]} has {@code p, q, r, s} of size one; a 2-D
 * convolution has the batch as {@code m}, output channels as {@code n}, input channels as
 * {@code k}, output rows and columns as {@code p, q} and the kernel's as {@code r, s} (the zoo's
 * {@code N, K, C, P, Q, R, S}; ZigZag's {@code B, K, C, OY, OX, FY, FX}), and {@code b} as its
 * groups. The input's rows and columns are partially relevant: {@code p} and {@code r} (and
 * {@code q}, {@code s}) index them together, so a tile spans {@link #windowExtent} of them.
 *
 * @param name       the operator's name, for messages
 * @param sizes      extents of {@link #DIMS}, in that order
 * @param usefulMacs multiply-accumulates that do work (zeros of sparse weights skipped)
 * @param strides    the input's stride along its rows and columns ({@code sy, sx})
 * @param inputSizes the input's rows and columns without padding: no tile spans more of them
 */
public record NestProblem(String name, long[] sizes, double usefulMacs, long[] strides, long[] inputSizes) {
    public static final List<String> DIMS = dev.weft.arch.ArrayDim.LOOP_DIMS;
    public static final int B = 0;
    public static final int M = 1;
    public static final int N = 2;
    public static final int K = 3;
    public static final int P = 4;
    public static final int Q = 5;
    public static final int R = 6;
    public static final int S = 7;
    /** The input's two windowed axes: rows (output {@code p}, kernel {@code r}) and columns ({@code q}, {@code s}). */
    private static final int[] OUTER = {P, Q};
    private static final int[] WINDOW = {R, S};

    public NestProblem {
        sizes = sizes.clone();
        strides = strides.clone();
        inputSizes = inputSizes.clone();
        if (sizes.length != DIMS.size()) {
            throw new IllegalArgumentException(name + ": a nest problem has " + DIMS.size() + " dimensions");
        }
        for (long size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException(name + ": dimension sizes must be positive");
            }
        }
        if (strides.length != 2 || inputSizes.length != 2 || Math.min(strides[0], strides[1]) <= 0
                || Math.min(inputSizes[0], inputSizes[1]) <= 0) {
            throw new IllegalArgumentException(name + ": give two positive strides and two positive input sizes");
        }
    }

    /** A dense GEMM {@code [m x k] x [k x n]}, {@code batch} times. */
    public static NestProblem gemm(String name, long batch, long m, long n, long k) {
        return new NestProblem(name, new long[] {batch, m, n, k, 1, 1, 1, 1}, (double) batch * m * n * k,
                new long[] {1, 1}, new long[] {1, 1});
    }

    /**
     * A dense 2-D convolution (one group) of a {@code batch x in x inRows x inCols} input with
     * {@code out x in x kernelRows x kernelCols} weights into {@code outRows x outCols} outputs.
     */
    public static NestProblem conv(String name, long batch, long out, long in, long outRows, long outCols,
                                   long kernelRows, long kernelCols, long strideRows, long strideCols, long inRows,
                                   long inCols) {
        long[] sizes = {1, batch, out, in, outRows, outCols, kernelRows, kernelCols};
        double macs = 1;
        for (long size : sizes) {
            macs *= size;
        }
        return new NestProblem(name, sizes, macs, new long[] {strideRows, strideCols}, new long[] {inRows, inCols});
    }

    public long size(int dim) {
        return sizes[dim];
    }

    /**
     * Whether stepping loop dimension {@code dim} changes which elements of {@code operand} are
     * used: the dimensions that index it, the input's partially relevant ones included.
     */
    public static boolean relevant(Operand operand, int dim) {
        return switch (operand) {
            case INPUT -> dim != N;
            case WEIGHT -> dim != M && dim != P && dim != Q;
            case OUTPUT -> !reduction(dim);
        };
    }

    /** Whether {@code dim} is summed over: the output does not depend on it. */
    public static boolean reduction(int dim) {
        return dim == K || dim == R || dim == S;
    }

    /**
     * Distinct input rows (axis 0) or columns (axis 1) that {@code outer} output positions and
     * {@code window} kernel positions touch: {@code (outer-1)*stride + window} when the windows
     * overlap or abut, {@code outer*window} when the stride leaves gaps between them (ZigZag's
     * {@code calc_pr_dimension_size}), never more than the input has.
     */
    public double windowExtent(int axis, double outer, double window) {
        long stride = strides[axis];
        double extent = window >= stride ? (outer - 1) * stride + window : outer * window;
        return Math.min(extent, inputSizes[axis]);
    }

    /** Elements of {@code operand} spanned by {@code extents[d]} steps of each dimension d. */
    public double footprint(Operand operand, double[] extents) {
        double product = 1;
        for (int d = 0; d < DIMS.size(); d++) {
            if (relevant(operand, d) && !(operand == Operand.INPUT && windowed(d))) {
                product *= extents[d];
            }
        }
        if (operand == Operand.INPUT) {
            for (int axis = 0; axis < OUTER.length; axis++) {
                product *= windowExtent(axis, extents[OUTER[axis]], extents[WINDOW[axis]]);
            }
        }
        return product;
    }

    /** Whether {@code dim} indexes the input only through a window (output position plus kernel offset). */
    static boolean windowed(int dim) {
        return dim >= P;
    }

    /** Elements of the whole {@code operand}. */
    public double elements(Operand operand) {
        double[] extents = new double[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            extents[d] = sizes[d];
        }
        return footprint(operand, extents);
    }

    public static int dimIndex(String name) {
        return DIMS.indexOf(name);
    }
}
