package dev.weft.workload;

import dev.weft.io.Labels;
import java.util.Locale;

/** Prefill processes a whole prompt; decode produces one token against a KV cache. */
public enum Phase {
    PREFILL, DECODE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }


    public static Phase parse(String text, String source, String field) {
        return Labels.parse(values(), Phase::label, text, "phase", source, field);
    }
}
