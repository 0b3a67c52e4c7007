package dev.weft.sim;

/**
 * How many reduction steps the array takes for {@code k} reduced elements: a dense MAC steps
 * through every one; a zero-skipping N:M array only through the stored non-zeros; an
 * XNOR-popcount array through one packed word of codes per bit plane of the other operand.
 */
public sealed interface Stepping {

    long steps(long k);

    /** Short label for reports, e.g. {@code dense}, {@code 2:4}, {@code xnor64x8}. */
    String label();

    Stepping DENSE = new Dense();

    /**
     * Unstructured (CSR) weights on a MAC array whose weight loader drops reduction rows that
     * are zero across all {@code width} columns of a fold, the only zeros a systolic array can
     * skip without an input crossbar. With uniformly random non-zeros at {@code density}, a row
     * is all zero with probability {@code (1 - density)^width}; the array steps through the
     * expected remainder.
     */
    record RowSkip(double density, int width) implements Stepping {
        public RowSkip {
            if (!(density > 0 && density <= 1) || width <= 0) {
                throw new IllegalArgumentException("row skipping needs a density in (0, 1] and a positive width");
            }
        }

        @Override
        public long steps(long k) {
            double kept = 1 - Math.pow(1 - density, width);
            return Math.max(1, (long) Math.ceil(k * kept));
        }

        @Override
        public String label() {
            return "rowskip";
        }
    }

    record Dense() implements Stepping {
        @Override
        public long steps(long k) {
            return k;
        }

        @Override
        public String label() {
            return "dense";
        }
    }

    /** N non-zeros kept in every group of M; the PE selects the matching inputs by index. */
    record NM(int n, int m) implements Stepping {
        public NM {
            if (n <= 0 || n >= m) {
                throw new IllegalArgumentException("N:M stepping needs 0 < N < M, was " + n + ":" + m);
            }
        }

        @Override
        public long steps(long k) {
            return ceilDiv(k * n, m);
        }

        @Override
        public String label() {
            return n + ":" + m;
        }
    }

    /** Bit-serial binary products: one {@code wordBits}-bit word of codes per bit plane per step. */
    record Xnor(int wordBits, int planes) implements Stepping {
        public Xnor {
            if (wordBits <= 0 || planes <= 0) {
                throw new IllegalArgumentException("XNOR stepping needs a positive word and plane count");
            }
        }

        @Override
        public long steps(long k) {
            return ceilDiv(k, wordBits) * planes;
        }

        @Override
        public String label() {
            return "xnor" + wordBits + "x" + planes;
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
