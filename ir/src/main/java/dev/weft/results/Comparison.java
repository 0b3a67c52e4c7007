package dev.weft.results;

/**
 * One attention variant in {@code compare}: a row of {@code comparison.json}.
 *
 * @param reductionVsBaseline energy saved against the first variant, as a fraction (0.7 = 70% less)
 */
public record Comparison(String attention, boolean spatialReduction, double macs, double muls, double adds,
                         double energyPj, double energyPerTokenPj, double latencyS, double reductionVsBaseline) {
}
