package dev.weft.nest;

import dev.weft.io.Labels;
import java.util.Locale;

/** What the mapper minimises for each operator. */
public enum Objective {
    ENERGY, LATENCY, EDP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Objective parse(String text, String source, String field) {
        return Labels.parse(values(), Objective::label, text, "objective", source, field);
    }

    /** Between mappings of equal score, the figure that decides: cycles when minimising energy, else energy. */
    public double tieBreak(double energyPj, double cycles) {
        return this == ENERGY ? cycles : energyPj;
    }

    /** The score of a cost: lower is better. */
    public double score(double energyPj, double cycles) {
        return switch (this) {
            case ENERGY -> energyPj;
            case LATENCY -> cycles;
            case EDP -> energyPj * cycles;
        };
    }
}
