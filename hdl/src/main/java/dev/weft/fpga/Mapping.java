package dev.weft.fpga;

import dev.weft.error.WeftInputException;
import java.util.Locale;

/** Where an array's int8 multipliers go: hardware DSP blocks, one per PE, or LUT logic. */
public enum Mapping {
    DSP, LUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mapping parse(String text) {
        for (Mapping mapping : values()) {
            if (mapping.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mapping;
            }
        }
        throw new WeftInputException("--mapping", null, "unknown mapping '" + text + "'", "use dsp or lut");
    }
}
