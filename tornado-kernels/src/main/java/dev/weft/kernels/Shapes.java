package dev.weft.kernels;

import dev.weft.error.WeftInputException;

/** Checks that arrays handed to an executor have the lengths their shape implies. */
public final class Shapes {
    private Shapes() {
    }

    /** A mismatch is the caller's mistake (a schedule or weights for another model), reported in one line. */
    public static void require(String kernel, String operand, long expected, int actual) {
        if (expected != actual) {
            throw new WeftInputException(kernel, operand, "has " + actual + " elements, the shape needs " + expected,
                    "give operands whose shapes match the operator");
        }
    }

    public static void positive(String kernel, String dim, long value) {
        if (value <= 0) {
            throw new WeftInputException(kernel, dim, "must be positive, was " + value, "give a size of 1 or more");
        }
    }

    /** Words of 32 bits that hold a {@code bits}-bit code. */
    public static int words(int bits) {
        return (bits + 31) / 32;
    }
}
