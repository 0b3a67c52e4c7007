package dev.weft.arch;

import dev.weft.io.Labels;
import java.util.Locale;

/**
 * The three operands of a contraction as a memory hierarchy sees them:
 * {@code O[m,n] += I[m,k] * W[k,n]}. For an attention product the second activation plays
 * the weight's part (it is the operand indexed by the reduction and the output's columns).
 */
public enum Operand {
    INPUT, WEIGHT, OUTPUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Operand parse(String text, String source, String field) {
        return Labels.parse(values(), Operand::label, text, "operand", source, field);
    }
}
