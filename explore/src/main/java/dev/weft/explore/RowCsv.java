package dev.weft.explore;

import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rows.csv}: one line per design point and workload. Numbers are written with
 * {@link Double#toString(double)}, the shortest text that reads back to the same double, so a
 * resumed sweep and the other engine produce the same bytes. Infeasible rows leave the figures
 * they lack empty.
 */
public final class RowCsv {
    static final List<String> FIGURES = List.of("feasible", "reason", "latency_s", "dynamic_energy_pj",
            "leakage_pj", Metric.ENERGY.column(), Metric.ENERGY_PER_TOKEN.column(), Metric.AREA.column(),
            Metric.EDP.column(), Metric.THROUGHPUT_PER_AREA.column(), "power_w", "cycles", "utilization", "tokens");

    private RowCsv() {
    }

    public static String header(List<String> parameterNames) {
        List<String> columns = new ArrayList<>(List.of("point", "design", "workload"));
        columns.addAll(parameterNames);
        columns.addAll(FIGURES);
        return String.join(",", columns);
    }

    public static String line(Row row) {
        List<String> cells = new ArrayList<>(List.of(Integer.toString(row.point()), quote(row.design()),
                quote(row.workloadLabel())));
        row.values().forEach(v -> cells.add(quote(v)));
        cells.add(Boolean.toString(row.feasible()));
        cells.add(quote(row.reason()));
        boolean figures = row.tokens() > 0;
        cells.add(number(row.latencyS(), figures));
        cells.add(number(row.dynamicPj(), figures));
        cells.add(number(row.leakagePj(), figures));
        cells.add(number(row.energyPj(), figures));
        cells.add(number(row.energyPerTokenPj(), figures));
        cells.add(number(row.areaMm2(), !Double.isNaN(row.areaMm2())));
        cells.add(number(row.metric(Metric.EDP), figures));
        cells.add(number(row.metric(Metric.THROUGHPUT_PER_AREA), figures));
        cells.add(number(row.powerW(), figures));
        cells.add(figures ? Long.toString(row.cycles()) : "");
        cells.add(number(row.utilization(), figures));
        cells.add(figures ? Long.toString(row.tokens()) : "");
        return String.join(",", cells);
    }

    /**
     * A line this class wrote, back as a row; {@code workloads} are the spec's workload labels (a row of
     * another workload gets index -1), {@code source} and {@code lineNumber} name it in errors.
     */
    public static Row parse(String line, List<String> workloads, int parameters, String source, int lineNumber) {
        List<String> cells = split(line);
        int expected = 3 + parameters + FIGURES.size();
        if (cells.size() != expected) {
            throw new WeftInputException(source, "line " + lineNumber, "has " + cells.size() + " cells, not " + expected,
                    "delete the output directory (it was written by another spec or damaged) and run again");
        }
        try {
            int i = 0;
            int point = Integer.parseInt(cells.get(i++));
            String design = cells.get(i++);
            String workload = cells.get(i++);
            List<String> values = cells.subList(i, i + parameters);
            i += parameters;
            boolean feasible = Boolean.parseBoolean(cells.get(i++));
            String reason = cells.get(i++);
            double latency = read(cells.get(i++));
            double dynamic = read(cells.get(i++));
            double leakage = read(cells.get(i++));
            i++; // energy_pj: dynamic + leakage
            double perToken = read(cells.get(i++));
            double area = read(cells.get(i++));
            i += 2; // edp, throughput per area: derived
            double power = read(cells.get(i++));
            String cycles = cells.get(i++);
            double utilization = read(cells.get(i++));
            String tokens = cells.get(i);
            return new Row(point, workloads.indexOf(workload), design, workload, values, feasible, reason, latency, dynamic, leakage, perToken,
                    area, power, cycles.isEmpty() ? 0 : Long.parseLong(cycles), utilization,
                    tokens.isEmpty() ? 0 : Long.parseLong(tokens));
        } catch (NumberFormatException e) {
            throw new WeftInputException(source, "line " + lineNumber, "is not a row Weft wrote (" + e.getMessage() + ")",
                    "delete the output directory and run again");
        }
    }

    private static double read(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    private static String number(double value, boolean present) {
        return present ? Double.toString(value) : "";
    }

    static String quote(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"").replace("\n", " ") + '"';
        }
        return text;
    }

    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
