package dev.weft.cli.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated case: the files to lay out in a fresh directory, the command line (where
 * {@code @DIR} stands for that directory) and what a correct Weft must do with it.
 *
 * @param format   the input format mutated, for counts per format
 * @param mutation what was done to the valid input, in words
 * @param files    file name (relative to the case directory) to its bytes
 * @param args     the command line; {@code @DIR} is replaced by the case directory
 * @param expect   whether the mutation is known to make the input invalid, or known to keep it valid
 */
record FuzzCase(String format, String mutation, Map<String, byte[]> files, List<String> args, Expect expect) {

    enum Expect { ANY, REJECT, ACCEPT }

    FuzzCase {
        files = new LinkedHashMap<>(files);
        args = List.copyOf(args);
    }

    /** A reproducer a person can paste: the command and the mutated input file(s). */
    String reproducer() {
        StringBuilder text = new StringBuilder();
        text.append("format ").append(format).append(", mutation: ").append(mutation).append('\n');
        text.append("  weft ");
        for (String arg : args) {
            text.append(arg.isEmpty() || arg.contains(" ") ? "'" + arg + "'" : arg).append(' ');
        }
        text.append('\n');
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            text.append("  --- @DIR/").append(file.getKey()).append(" (").append(file.getValue().length)
                    .append(" bytes) ---\n");
            text.append(Mutator.printable(file.getValue())).append('\n');
        }
        return text.toString();
    }
}
