package dev.weft.arch;

import dev.weft.io.Labels;
import dev.weft.workload.DType;
import java.util.Locale;
import java.util.Objects;

/** What one processing element of a compute array does each cycle. */
public sealed interface PeKind permits PeKind.Mac, PeKind.XnorPopcount, PeKind.SparseNM {

    enum Kind {
        MAC, XNOR_POPCOUNT, SPARSE_NM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }


        public static Kind parse(String text, String source, String field) {
            return Labels.parse(values(), Kind::label, text, "PE kind", source, field);
        }
    }

    Kind kind();

    /** The operand type the PE is built for. */
    DType dtype();

    /** Whether operands of type {@code type} can run on this PE without emulation. */
    boolean canExecute(DType type);

    /** Short human description, e.g. {@code int8 MAC}. */
    String label();

    /** A dense multiply-accumulate. */
    record Mac(DType dtype) implements PeKind {
        public Mac {
            requireArithmetic(dtype);
        }

        @Override
        public Kind kind() {
            return Kind.MAC;
        }

        @Override
        public boolean canExecute(DType type) {
            return fits(dtype, type);
        }

        @Override
        public String label() {
            return dtype.label() + " MAC";
        }
    }

    /**
     * Binary (+1/-1) dot products: XNOR of two {@code wordBits}-bit codes, popcount, accumulate,
     * i.e. {@code wordBits} binary MACs per PE per cycle.
     */
    record XnorPopcount(int wordBits) implements PeKind {
        public XnorPopcount {
            if (wordBits <= 0) {
                throw new IllegalArgumentException("XNOR-popcount word must be at least one bit, was " + wordBits);
            }
        }

        @Override
        public Kind kind() {
            return Kind.XNOR_POPCOUNT;
        }

        @Override
        public DType dtype() {
            return DType.BINARY;
        }

        @Override
        public boolean canExecute(DType type) {
            return type == DType.BINARY;
        }

        @Override
        public String label() {
            return wordBits + "-bit XNOR-popcount";
        }
    }

    /**
     * A MAC that skips zeros of N:M structured-sparse weights: it holds the N non-zeros of each
     * group of M and uses their indices to select the matching inputs.
     */
    record SparseNM(DType dtype, int n, int m) implements PeKind {
        public SparseNM {
            requireArithmetic(dtype);
            if (n <= 0 || n >= m) {
                throw new IllegalArgumentException("N:M sparse PE needs 0 < N < M, was " + n + ":" + m);
            }
        }

        @Override
        public Kind kind() {
            return Kind.SPARSE_NM;
        }

        @Override
        public boolean canExecute(DType type) {
            return fits(dtype, type);
        }

        @Override
        public String label() {
            return dtype.label() + " " + n + ":" + m + " sparse MAC";
        }
    }

    /**
     * Integer datapaths take any narrower integer operand (including +1/-1 binary codes) by
     * sign extension. Float formats differ in exponent width, so bf16 on an fp16 unit, or fp16 on
     * an fp32 unit, would need conversion hardware the PE does not have.
     */
    private static boolean fits(DType unit, DType operand) {
        if (unit.isFloatingPoint() || operand.isFloatingPoint()) {
            return unit == operand;
        }
        return operand.bits() <= unit.bits();
    }

    private static void requireArithmetic(DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        if (dtype == DType.BINARY) {
            throw new IllegalArgumentException("binary operands run on an XNOR-popcount PE, not a MAC");
        }
    }
}
