package dev.weft.arch;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which operand stays put in the processing elements while the others stream past. */
public enum Dataflow {
    /** Weight stationary: each PE holds a weight; inputs flow across, partial sums flow down. */
    WS,
    /** Output stationary: each PE accumulates one output; weights and inputs flow past. */
    OS,
    /** Input stationary: each PE holds an input; weights flow across, partial sums flow down. */
    IS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dataflow parse(String text, String source, String field) {
        for (Dataflow dataflow : values()) {
            if (dataflow.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return dataflow;
            }
        }
        throw new WeftInputException(source, field, "unknown dataflow '" + text + "'",
                "use one of " + Arrays.stream(values()).map(Dataflow::label).collect(Collectors.joining(", ")));
    }
}
