package dev.weft.workload;

import dev.weft.error.WeftInputException;

/**
 * How a tensor's elements are laid out in memory. Sparse formats carry what the cost model
 * needs: the fraction of elements stored, and the metadata each stored element costs.
 */
public sealed interface StorageFormat {

    /** Fraction of the dense elements that are stored and computed on, in (0, 1]. */
    double density();

    /** Bits of index metadata stored per non-zero element. */
    double metadataBitsPerNonzero();

    String label();

    record Dense() implements StorageFormat {
        @Override
        public double density() {
            return 1.0;
        }

        @Override
        public double metadataBitsPerNonzero() {
            return 0;
        }

        @Override
        public String label() {
            return "dense";
        }
    }

    /**
     * Compressed sparse rows with unstructured non-zeros. Each non-zero carries a 16-bit
     * column index; row pointers are amortised into that figure because rows are long in
     * transformer weights (hundreds of non-zeros each).
     */
    record Csr(double density) implements StorageFormat {
        public Csr {
            if (!(density > 0 && density <= 1)) {
                throw new IllegalArgumentException("CSR density must be in (0, 1], was " + density);
            }
        }

        @Override
        public double metadataBitsPerNonzero() {
            return 16;
        }

        @Override
        public String label() {
            return "csr(" + density + ")";
        }
    }

    /** N:M structured sparsity: N non-zeros in every group of M, each with a log2(M)-bit index. */
    record NM(int n, int m) implements StorageFormat {
        public NM {
            if (n <= 0 || m <= 0 || n > m) {
                throw new IllegalArgumentException("N:M sparsity needs 0 < N <= M, was " + n + ":" + m);
            }
        }

        @Override
        public double density() {
            return (double) n / m;
        }

        @Override
        public double metadataBitsPerNonzero() {
            return Math.ceil(Math.log(m) / Math.log(2));
        }

        @Override
        public String label() {
            return n + ":" + m;
        }
    }

    StorageFormat DENSE = new Dense();

    /**
     * Reads the {@code --sparsity} notation: a fraction of zeros such as {@code 0.9} means
     * unstructured CSR at density 0.1; {@code 2:4} means N:M structured; {@code 0} is dense.
     */
    static StorageFormat parseSparsity(String text, String source, String field) {
        String value = text == null ? "" : text.trim();
        String fix = "give a fraction of zeros in [0, 1) such as 0.9, or N:M such as 2:4";
        if (value.contains(":")) {
            String[] parts = value.split(":", -1);
            try {
                int n = Integer.parseInt(parts[0].trim());
                int m = Integer.parseInt(parts[1].trim());
                if (parts.length != 2 || n <= 0 || m <= 0 || n > m) {
                    throw new WeftInputException(source, field, "N:M sparsity '" + value + "' needs 0 < N <= M", fix);
                }
                return n == m ? DENSE : new NM(n, m);
            } catch (NumberFormatException e) {
                throw new WeftInputException(source, field, "cannot read sparsity '" + value + "'", fix);
            }
        }
        double zeros;
        try {
            zeros = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new WeftInputException(source, field, "cannot read sparsity '" + value + "'", fix);
        }
        if (!(zeros >= 0 && zeros < 1)) {
            throw new WeftInputException(source, field, "sparsity " + value + " is outside [0, 1)", fix);
        }
        return zeros == 0 ? DENSE : new Csr(1 - zeros);
    }
}
