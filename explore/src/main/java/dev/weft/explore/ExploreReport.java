package dev.weft.explore;

import dev.weft.reports.HtmlReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} of a sweep: a Pareto scatter per pair of objectives and workload (hover
 * shows the design), a parallel-coordinates view of parameters and objectives, and the best
 * design per objective. Drawn by {@code explore.js} from the rows embedded in the page.
 */
public final class ExploreReport {
    private ExploreReport() {
    }

    public static String render(ExploreSpec spec, List<Row> rows, List<Pareto.Front> fronts) {
        long feasible = rows.stream().filter(Row::feasible).count();
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"provenance\">").append(HtmlReport.escape(String.format(Locale.ROOT,
                "Spec %s, base %s: %d design points (%s) on %d workloads, %d rows, %d feasible. Energies include leakage.",
                spec.source(), spec.base(), spec.points().size(), spec.sampling().method().label(),
                spec.workloads().size(), rows.size(), feasible))).append("</p>\n");
        body.append("<h2>Best design per objective</h2>\n<table><thead><tr><th class=\"l\">workload</th>")
                .append("<th class=\"l\">objective</th><th>value</th><th class=\"l\">design</th></tr></thead><tbody>\n");
        for (int w = 0; w < spec.workloads().size(); w++) {
            int workload = w;
            List<Row> group = rows.stream().filter(r -> r.workload() == workload).toList();
            for (Metric metric : spec.objectives()) {
                Row best = Pareto.best(group, metric);
                body.append("<tr><td class=\"l\">").append(HtmlReport.escape(spec.workloads().get(w).label()))
                        .append("</td><td class=\"l\">").append(metric.column()).append("</td><td>")
                        .append(best == null ? "no feasible design" : String.format(Locale.ROOT, "%.4g", best.metric(metric)))
                        .append("</td><td class=\"l\">").append(best == null ? "" : HtmlReport.escape(best.design()))
                        .append("</td></tr>\n");
            }
        }
        body.append("</tbody></table>\n<div id=\"charts\"></div>\n");
        return HtmlReport.page("Weft explore: " + spec.source(), body.toString(), data(spec, rows, fronts),
                "/weft/explore/explore.js");
    }

    private static Map<String, Object> data(ExploreSpec spec, List<Row> rows, List<Pareto.Front> fronts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("parameters", spec.parameterNames());
        data.put("objectives", spec.objectives().stream().map(Metric::column).toList());
        data.put("workloads", spec.workloadLabels());
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("point", row.point());
            entry.put("workload", row.workload());
            entry.put("design", row.design());
            entry.put("values", row.values());
            entry.put("feasible", row.feasible());
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                double value = row.metric(metric);
                metrics.put(metric.column(), Double.isFinite(value) ? value : null);
            }
            entry.put("metrics", metrics);
            shown.add(entry);
        }
        data.put("rows", shown);
        List<Map<String, Object>> frontData = new ArrayList<>();
        for (Pareto.Front front : fronts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("workload", front.workload());
            entry.put("x", front.x().column());
            entry.put("y", front.y().column());
            entry.put("points", front.rows().stream().map(Row::point).toList());
            frontData.add(entry);
        }
        data.put("fronts", frontData);
        return data;
    }
}
