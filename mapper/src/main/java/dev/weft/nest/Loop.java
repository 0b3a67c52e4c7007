package dev.weft.nest;

/** One temporal loop: dimension {@code dim} (an index into {@link NestProblem#DIMS}) stepped {@code factor} times. */
public record Loop(int dim, long factor) {
    public Loop {
        if (factor <= 0) {
            throw new IllegalArgumentException("loop factor must be positive, was " + factor);
        }
    }

    @Override
    public String toString() {
        return NestProblem.DIMS.get(dim) + factor;
    }
}
