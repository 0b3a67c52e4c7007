package dev.weft.arch;

/**
 * One line of the built-in hardware catalogue.
 *
 * @param arraySummary the compute arrays, e.g. {@code 32x32 int8 MAC ws}, joined by {@code " + "}
 */
public record PresetInfo(String name, String description, String arraySummary, double clockHz) {
}
