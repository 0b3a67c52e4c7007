package dev.weft.fusion;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.Locale;

/** What the mapper may fuse: nothing, attention cores only, or attention cores and contraction epilogues. */
public enum Fusion {
    NONE, ATTENTION, ALL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean attention() {
        return this != NONE;
    }

    public boolean epilogues() {
        return this == ALL;
    }

    public static Fusion parse(String text, String option) {
        for (Fusion fusion : values()) {
            if (fusion.label().equals(text)) {
                return fusion;
            }
        }
        throw new WeftInputException(option, null, "is '" + text + "'",
                "give one of " + String.join(", ", Arrays.stream(values()).map(Fusion::label).toList()));
    }
}
