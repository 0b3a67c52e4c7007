package dev.weft.arch;

import dev.weft.io.Labels;
import java.util.Locale;

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


    /** The GEMM-view loop dimensions the rows and the columns hold: the array's spatial pair. */
    public java.util.List<String> rowsAndCols() {
        return switch (this) {
            case WS -> java.util.List.of("k", "n");
            case OS -> java.util.List.of("m", "n");
            case IS -> java.util.List.of("k", "m");
        };
    }

    public static Dataflow parse(String text, String source, String field) {
        return Labels.parse(values(), Dataflow::label, text, "dataflow", source, field);
    }
}
