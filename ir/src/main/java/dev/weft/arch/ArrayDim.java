package dev.weft.arch;

import java.util.List;

/**
 * One named dimension of a spatial array.
 *
 * @param unrolls the loop dimensions of a contraction's GEMM view ({@code m}, {@code n},
 *                {@code k}, {@code b}) that may be spread along it
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
