package dev.weft.workload;

import dev.weft.error.WeftInputException;
import java.util.Locale;

/** Prefill processes a whole prompt; decode produces one token against a KV cache. */
public enum Phase {
    PREFILL, DECODE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase parse(String text, String source, String field) {
        for (Phase phase : values()) {
            if (phase.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return phase;
            }
        }
        throw new WeftInputException(source, field, "unknown phase '" + text + "'", "use prefill or decode");
    }
}
