package dev.weft.cli;

import dev.weft.error.WeftInputException;

/** Parsing of the comma- and x-separated sizes that simulate and spmm take. */
final class GemmArgs {
    private GemmArgs() {
    }

    /** {@code M,K,N}, each at least 1. */
    static long[] dims(String text, String option) {
        return positiveList(text, 3, option, "M,K,N");
    }

    /** {@code RxC}, each at least 1. */
    static int[] array(String text, String option) {
        String[] parts = text == null ? new String[0] : text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new WeftInputException(option, null, "cannot read array size '" + text + "'", "give rows x cols, e.g. 32x32");
        }
        int[] values = new int[2];
        for (int i = 0; i < 2; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new WeftInputException(option, null, "cannot read array size '" + text + "'", "give rows x cols, e.g. 32x32");
            }
            if (values[i] <= 0) {
                throw new WeftInputException(option, null, "array size must be positive, was " + text, "give rows x cols of 1 or more");
            }
        }
        return values;
    }

    static long[] positiveList(String text, int count, String option, String shape) {
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        if (parts.length != count) {
            throw new WeftInputException(option, null, "cannot read '" + text + "'", "give " + shape);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new WeftInputException(option, null, "cannot read '" + text + "'", "give " + shape + " as whole numbers");
            }
            if (values[i] <= 0) {
                throw new WeftInputException(option, null, "sizes must be positive, got " + text, "give " + shape
                        + ", each 1 or more");
            }
        }
        return values;
    }
}
