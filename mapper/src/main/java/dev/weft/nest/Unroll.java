package dev.weft.nest;

/**
 * One array dimension spreading a loop dimension over its PEs.
 *
 * @param arrayDim the array dimension's name
 * @param dim      the loop dimension, an index into {@link NestProblem#DIMS}
 * @param factor   how many PEs along the array dimension take part
 */
public record Unroll(String arrayDim, int dim, int factor) {
    public Unroll {
        if (factor <= 0) {
            throw new IllegalArgumentException("unroll factor must be positive, was " + factor);
        }
    }

    @Override
    public String toString() {
        return arrayDim + ":" + NestProblem.DIMS.get(dim) + factor;
    }
}
