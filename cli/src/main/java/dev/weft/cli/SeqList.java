package dev.weft.cli;

import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of sequence lengths as users write them: {@code 512}, {@code 128,256,512}, or with
 * an ellipsis that continues the two values before it up to the value after it: a doubling
 * continues doubling ({@code 128,256,...,16384}), any other step is added again
 * ({@code 100,300,...,1000} gives 100, 300, 500, 700, 900, 1000).
 */
final class SeqList {
    private static final int MAX_POINTS = 64;

    private SeqList() {
    }

    static List<Integer> parse(String text, String option) {
        String[] parts = text.trim().split("\\s*,\\s*");
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].equals("...")) {
                values.add(positive(parts[i], option));
                continue;
            }
            if (values.size() < 2 || i != parts.length - 2) {
                throw new WeftInputException(option, null, "'...' needs two lengths before it and one after",
                        "write e.g. 128,256,...,4096");
            }
            int end = positive(parts[i + 1], option);
            int a = values.get(values.size() - 2);
            int b = values.get(values.size() - 1);
            boolean doubling = b == 2 * a;
            if (b <= a || end < b) {
                throw new WeftInputException(option, null, "'" + text + "' does not increase",
                        "write increasing lengths, e.g. 128,256,...,4096");
            }
            long next = doubling ? 2L * b : 2L * b - a;
            while (next <= end && values.size() <= MAX_POINTS) {
                values.add((int) next);
                next = doubling ? 2 * next : next + (b - a);
            }
            if (values.get(values.size() - 1) != end) {
                values.add(end);
            }
            break;
        }
        if (values.size() > MAX_POINTS) {
            throw new WeftInputException(option, null, "'" + text + "' gives more than " + MAX_POINTS + " lengths",
                    "use a coarser step");
        }
        return List.copyOf(values);
    }

    private static int positive(String part, String option) {
        try {
            int value = part.matches("\\+?[0-9]+") ? Integer.parseInt(part) : 0;
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the fix
        }
        throw new WeftInputException(option, null, "'" + part + "' is not a positive whole number of tokens",
                "write lengths such as 128,256,...,4096");
    }
}
