package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.schedule.GemmTile;

/** Parsing of the comma- and x-separated sizes commands take: GEMM shapes, arrays, tiles. */
final class GemmArgs {
    private GemmArgs() {
    }

    /** {@code M,K,N}, each at least 1. */
    static long[] dims(String text, String option) {
        return positiveList(text, 3, option, "M,K,N");
    }

    /** Most MACs one estimated GEMM may have: counts and cycles stay exact whole numbers below it. */
    static final long MAX_MACS = 1L << 53;

    /**
     * Refuses up front a GEMM whose MAC count ({@code M x K x N x batch}) exceeds {@link #MAX_MACS}:
     * its counts would overflow, and no hardware runs it.
     */
    static void countable(long[] mkn, long batch, String option) {
        if (mkn[0] > Integer.MAX_VALUE) {
            throw new WeftInputException(option, null, "M is " + mkn[0] + ", above " + Integer.MAX_VALUE,
                    "give M at most " + Integer.MAX_VALUE + ", or spread it over --batch");
        }
        double macs = (double) mkn[0] * mkn[1] * mkn[2] * batch;
        if (macs > MAX_MACS) {
            throw new WeftInputException(option, null, String.format(java.util.Locale.ROOT,
                    "%d x %d x %d x batch %d is %.3g MACs; Weft estimates at most %d (2^53)", mkn[0], mkn[1], mkn[2],
                    batch, macs, MAX_MACS), "give a smaller GEMM");
        }
    }

    /** {@code RxC}, each at least 1. */
    static int[] array(String text, String option) {
        long[] values = positiveParts(text, "x", 2, option, "RxC, e.g. 32x32");
        if (values[0] > Integer.MAX_VALUE || values[1] > Integer.MAX_VALUE) {
            throw new WeftInputException(option, null, "array '" + text + "' is too large", "give rows x cols, e.g. 32x32");
        }
        return new int[] {(int) values[0], (int) values[1]};
    }

    /** {@code MxNxK}, a tile's extents, each at least 1. */
    static GemmTile tile(String text, String option) {
        long[] values = positiveParts(text, "x", 3, option, "MxNxK, e.g. 64x128x256");
        return new GemmTile(values[0], values[1], values[2]);
    }

    static long[] positiveList(String text, int count, String option, String shape) {
        return positiveParts(text, ",", count, option, shape);
    }

    /** {@code count} whole numbers of at least 1, separated by {@code separator}. */
    private static long[] positiveParts(String text, String separator, int count, String option, String shape) {
        String[] parts = text == null ? new String[0]
                : text.trim().toLowerCase(java.util.Locale.ROOT).split(java.util.regex.Pattern.quote(separator), -1);
        if (parts.length != count) {
            throw new WeftInputException(option, null, "cannot read '" + text + "'", "give " + shape);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                if (!parts[i].trim().matches("[+-]?[0-9]+")) {
                    throw new NumberFormatException("not plain digits");
                }
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
