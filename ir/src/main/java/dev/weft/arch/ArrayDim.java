package dev.weft.arch;

import java.util.List;

/**
 * One named dimension of a spatial array.
 *
 * @param unrolls the loop dimensions that may be spread along it: a GEMM's {@code b, m, n, k}, and a
 *                convolution's output rows and columns {@code p, q} and kernel rows and columns
 *                {@code r, s} ({@code dev.weft.workload.ConvolutionLoops})
 */
public record ArrayDim(String name, int size, List<String> unrolls) {
    public static final List<String> LOOP_DIMS = List.of("b", "m", "n", "k", "p", "q", "r", "s");

    public ArrayDim {
        unrolls = List.copyOf(unrolls);
        if (size <= 0) {
            throw new IllegalArgumentException("array dimension " + name + " must be positive, was " + size);
        }
    }
}
