package dev.weft.sim.scalesim;

import dev.weft.error.WeftInputException;
import java.util.Locale;

/** Whose cycle conventions time a SCALE-Sim input: Weft's RTL-exact ones, or SCALE-Sim v2.0.2's. */
public enum Timing {
    WEFT, SCALESIM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Timing parse(String text, String option) {
        for (Timing timing : values()) {
            if (timing.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return timing;
            }
        }
        throw new WeftInputException(option, null, "unknown timing '" + text + "'", "use weft or scalesim");
    }
}
