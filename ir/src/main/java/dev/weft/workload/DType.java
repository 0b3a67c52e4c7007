package dev.weft.workload;

import dev.weft.io.Labels;
import java.util.Locale;

/** Numeric type of a tensor element or of an arithmetic operation. */
public enum DType {
    FP32(32, true),
    FP16(16, true),
    BF16(16, true),
    INT32(32, false),
    INT8(8, false),
    INT4(4, false),
    FP4(4, true),
    BINARY(1, false);

    private final int bits;
    private final boolean floatingPoint;

    DType(int bits, boolean floatingPoint) {
        this.bits = bits;
        this.floatingPoint = floatingPoint;
    }

    public int bits() {
        return bits;
    }

    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** Storage size of {@code elements} values of this type, rounded up to whole bytes. */
    public long bytesFor(long elements) {
        return (elements * bits + 7) / 8;
    }

    /** The lower-case name used in files and on the command line, e.g. {@code int8}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }


    public static DType parse(String text, String source, String field) {
        return Labels.parse(values(), DType::label, text, "dtype", source, field);
    }
}
