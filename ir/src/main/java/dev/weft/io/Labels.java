package dev.weft.io;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an enum constant from the lowercase label users write, or says which labels exist. */
public final class Labels {
    private Labels() {
    }

    /**
     * The constant whose label matches {@code text} (case and surrounding blanks ignored).
     *
     * @param what what the value is, for the error: "dataflow", "dtype"...
     */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> label, String text, String what,
                                              String source, String field) {
        String wanted = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        for (E value : values) {
            if (label.apply(value).toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                return value;
            }
        }
        throw new WeftInputException(source, field, "unknown " + what + " '" + text + "'",
                "use one of " + Arrays.stream(values).map(label).collect(Collectors.joining(", ")));
    }
}
