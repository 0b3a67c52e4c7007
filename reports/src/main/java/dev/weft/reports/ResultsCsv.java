package dev.weft.reports;

import dev.weft.results.Results;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code results.csv}: one row per operator, units in the column names. Energy and traffic
 * columns are the union of components over all layers, so every row has the same columns. On a
 * {@code weft-arch/2} machine the contractions add energy per memory per operand and the latency
 * split; other rows leave those columns empty.
 */
public final class ResultsCsv {
    private ResultsCsv() {
    }

    public static String render(Results results) {
        Set<String> components = new LinkedHashSet<>();
        Set<String> levels = new LinkedHashSet<>();
        Set<List<String>> perOperand = new LinkedHashSet<>();
        for (Results.Layer layer : results.layers()) {
            components.addAll(layer.energyBreakdownPj().keySet());
            levels.addAll(layer.trafficBytes().keySet());
            if (layer.loopNest() != null) {
                layer.loopNest().energyPj().forEach((memory, byOperand) ->
                        byOperand.keySet().forEach(operand -> perOperand.add(List.of(memory, operand))));
            }
        }
        boolean nests = !perOperand.isEmpty();
        boolean launches = results.layers().stream().anyMatch(l -> l.loopNest() != null && l.loopNest().launchCycles() != null);
        List<String> header = new ArrayList<>(List.of("name", "op", "block", "unit", "macs", "useful_macs", "muls", "adds",
                "nonlinear", "cycles", "latency_s", "energy_pj", "utilization", "bound"));
        components.forEach(c -> header.add("energy_" + c + "_pj"));
        levels.forEach(l -> header.add("traffic_" + l + "_bytes"));
        perOperand.forEach(key -> header.add("energy_" + key.get(0) + "_" + key.get(1) + "_pj"));
        if (nests) {
            header.addAll(List.of("ideal_cycles", "stall_cycles", "onload_cycles", "offload_cycles"));
        }
        if (launches) {
            header.add("launch_cycles");
        }
        header.addAll(List.of("dram_bytes", "dram_bytes_unfused", "fusion_group"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Results.Layer layer : results.layers()) {
            List<String> row = new ArrayList<>(List.of(quote(layer.name()), quote(layer.op()), quote(layer.block()),
                    quote(layer.unit()), number(layer.macs()), number(layer.usefulMacs()), number(layer.muls()),
                    number(layer.adds()), number(layer.nonlinear()), Long.toString(layer.cycles()), number(layer.latencyS()),
                    number(layer.energyPj()), number(layer.utilization()), quote(layer.bound())));
            components.forEach(c -> row.add(number(layer.energyBreakdownPj().getOrDefault(c, 0.0))));
            levels.forEach(l -> row.add(number(layer.trafficBytes().getOrDefault(l, 0.0))));
            Results.LoopNest nest = layer.loopNest();
            perOperand.forEach(key -> row.add(nest == null ? "" : number(nest.energyPj()
                    .getOrDefault(key.get(0), java.util.Map.of()).getOrDefault(key.get(1), 0.0))));
            if (nests) {
                row.addAll(nest == null ? List.of("", "", "", "") : List.of(Long.toString(nest.idealCycles()),
                        Long.toString(nest.stallCycles()), Long.toString(nest.onloadCycles()),
                        Long.toString(nest.offloadCycles())));
            }
            if (launches) {
                row.add(nest == null || nest.launchCycles() == null ? "" : Long.toString(nest.launchCycles()));
            }
            Results.Dram dram = layer.dram();
            row.addAll(dram == null ? List.of("", "", "") : List.of(number(dram.dramBytes()),
                    number(dram.dramBytesUnfused()), dram.group() == null ? "" : quote(dram.group())));
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
