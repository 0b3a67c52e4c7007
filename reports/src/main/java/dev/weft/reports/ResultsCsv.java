package dev.weft.reports;

import dev.weft.results.Results;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code results.csv}: one row per operator, units in the column names. Energy and traffic
 * columns are the union of components over all layers, so every row has the same columns.
 */
public final class ResultsCsv {
    private ResultsCsv() {
    }

    public static String render(Results results) {
        Set<String> components = new LinkedHashSet<>();
        Set<String> levels = new LinkedHashSet<>();
        for (Results.Layer layer : results.layers()) {
            components.addAll(layer.energyBreakdownPj().keySet());
            levels.addAll(layer.trafficBytes().keySet());
        }
        List<String> header = new ArrayList<>(List.of("name", "op", "block", "unit", "macs", "muls", "adds",
                "nonlinear", "cycles", "latency_s", "energy_pj", "utilization", "bound"));
        components.forEach(c -> header.add("energy_" + c + "_pj"));
        levels.forEach(l -> header.add("traffic_" + l + "_bytes"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Results.Layer layer : results.layers()) {
            List<String> row = new ArrayList<>(List.of(quote(layer.name()), quote(layer.op()), quote(layer.block()),
                    quote(layer.unit()), number(layer.macs()), number(layer.muls()), number(layer.adds()),
                    number(layer.nonlinear()), Long.toString(layer.cycles()), number(layer.latencyS()),
                    number(layer.energyPj()), number(layer.utilization()), quote(layer.bound())));
            components.forEach(c -> row.add(number(layer.energyBreakdownPj().getOrDefault(c, 0.0))));
            levels.forEach(l -> row.add(number(layer.trafficBytes().getOrDefault(l, 0.0))));
            csv.append(String.join(",", row)).append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String quote(String text) {
        if (text.contains(",") || text.contains("\"")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
