package dev.weft.explore;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A figure of a design point on a workload that a sweep can optimise: its name in a spec,
 * its column in {@code rows.csv} (unit in the name) and whether less is better.
 */
public enum Metric {
    LATENCY("latency_s", true),
    ENERGY("energy_pj", true),
    ENERGY_PER_TOKEN("energy_per_token_pj", true),
    AREA("area_mm2", true),
    EDP("edp_pj_s", true),
    THROUGHPUT_PER_AREA("tokens_per_s_per_mm2", false);

    private final String column;
    private final boolean minimise;

    Metric(String column, boolean minimise) {
        this.column = column;
        this.minimise = minimise;
    }

    /** The name used in a spec, e.g. {@code energy_per_token}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String column() {
        return column;
    }

    public boolean minimise() {
        return minimise;
    }

    /** {@code value} oriented so that smaller is always better. */
    public double cost(double value) {
        return minimise ? value : -value;
    }

    public static Metric parse(String text, String source, String field) {
        for (Metric metric : values()) {
            if (metric.label().equals(text)) {
                return metric;
            }
        }
        throw new WeftInputException(source, field, "unknown objective '" + text + "'", "use one of "
                + Arrays.stream(values()).map(Metric::label).collect(Collectors.joining(", ")));
    }
}
