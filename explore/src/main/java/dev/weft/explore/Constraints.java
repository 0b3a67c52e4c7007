package dev.weft.explore;

import java.util.Locale;
import java.util.Optional;

/**
 * Budgets a design must meet on a workload to count as feasible; null where the spec sets none.
 */
public record Constraints(Double areaMm2, Double powerW, Double latencyS) {
    public static final Constraints NONE = new Constraints(null, null, null);

    /** The first budget {@code row} breaks, as a sentence, or empty. */
    public Optional<String> broken(Row row) {
        if (areaMm2 != null && row.areaMm2() > areaMm2) {
            return Optional.of(String.format(Locale.ROOT, "area %.4g mm2 above the %.4g mm2 budget", row.areaMm2(), areaMm2));
        }
        if (powerW != null && row.powerW() > powerW) {
            return Optional.of(String.format(Locale.ROOT, "power %.4g W above the %.4g W budget", row.powerW(), powerW));
        }
        if (latencyS != null && row.latencyS() > latencyS) {
            return Optional.of(String.format(Locale.ROOT, "latency %.4g s above the %.4g s budget", row.latencyS(), latencyS));
        }
        return Optional.empty();
    }
}
