package dev.weft.onnx;

import dev.weft.io.Labels;
import java.util.Locale;

/** What the importer does with an operator type it has no handler for. */
public enum UnknownOps {
    /** Stop with a one-line error naming the node: a silent guess would skew every total. */
    ERROR,
    /** Cost it as one addition per output element on the vector unit, and say so in a warning. */
    VECTOR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UnknownOps parse(String text, String source, String field) {
        return Labels.parse(values(), UnknownOps::label, text, "unknown-ops policy", source, field);
    }
}
