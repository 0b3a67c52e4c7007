package dev.weft.reports;

import dev.weft.results.Results;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained {@code report.html} (no scripts, no network): what produced the figures,
 * the totals, energy and latency per block as inline SVG bars, the energy breakdown, and the
 * per-operator table. It is rendered from the same {@link Results} that results.json holds.
 */
public final class HtmlReport {
    private static final int BAR_WIDTH = 560;

    private HtmlReport() {
    }

    public static String render(Results results) {
        Results.Totals totals = results.totals();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Weft: ").append(escape(results.model().name())).append(" on ")
                .append(escape(results.hardware().name())).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;"
                        + "text-align:right}th{background:#f2f2f2}td.l,th.l{text-align:left}"
                        + ".bar{fill:#4a7bd0}.bar2{fill:#d08a4a}svg text{font-size:11px}</style></head><body>\n");
        html.append("<h1>").append(escape(results.model().name())).append(" on ")
                .append(escape(results.hardware().name())).append("</h1>\n");
        Results.WorkloadInfo w = results.workload();
        html.append("<p>Model ").append(escape(results.model().name())).append(" (")
                .append(Units.count(results.model().params())).append(" parameters); hardware ")
                .append(escape(results.hardware().name())).append(" at ")
                .append(Units.count(results.hardware().clockHz())).append("Hz; energy model ")
                .append(escape(results.energyModel())).append("; workload batch ").append(w.batch())
                .append(", seq ").append(w.seq()).append(", image ").append(w.image()).append(", ")
                .append(escape(w.phase())).append(w.kv() > 0 ? ", KV " + w.kv() : "").append(", attention ")
                .append(escape(w.attention())).append(", sparsity ").append(escape(w.sparsity())).append(", ")
                .append(escape(w.dtype())).append(". Weft ").append(escape(results.weftVersion())).append(".</p>\n");

        html.append("<h2>Totals</h2><table>");
        row(html, "MACs", Units.count(totals.macs()));
        row(html, "multiplications", Units.count(totals.muls()));
        row(html, "additions", Units.count(totals.adds()));
        row(html, "cycles", Units.count(totals.cycles()));
        row(html, "latency", Units.seconds(totals.latencyS()));
        row(html, "energy", Units.energyPj(totals.energyPj()));
        row(html, "energy per token", Units.energyPj(totals.energyPerTokenPj()));
        row(html, "PE utilization", Units.percent(totals.utilization()));
        html.append("</table>\n");

        Map<String, double[]> blocks = new LinkedHashMap<>();
        for (Results.Layer layer : results.layers()) {
            double[] sums = blocks.computeIfAbsent(layer.block(), b -> new double[2]);
            sums[0] += layer.energyPj();
            sums[1] += layer.latencyS();
        }
        html.append("<h2>Energy per block</h2>\n");
        bars(html, blocks, 0, "bar", Units::energyPj);
        html.append("<h2>Latency per block</h2>\n");
        bars(html, blocks, 1, "bar2", Units::seconds);

        html.append("<h2>Energy by component</h2><table><tr><th class=\"l\">component</th><th>energy</th>"
                + "<th>share</th></tr>");
        for (Map.Entry<String, Double> part : totals.energyBreakdownPj().entrySet()) {
            html.append("<tr><td class=\"l\">").append(escape(part.getKey())).append("</td><td>")
                    .append(Units.energyPj(part.getValue())).append("</td><td>")
                    .append(Units.percent(totals.energyPj() == 0 ? 0 : part.getValue() / totals.energyPj()))
                    .append("</td></tr>");
        }
        html.append("</table>\n");

        html.append("<h2>Operators</h2><table><tr><th class=\"l\">operator</th><th class=\"l\">op</th>"
                + "<th class=\"l\">unit</th><th>MACs</th><th>cycles</th><th>latency</th><th>energy</th>"
                + "<th>utilization</th><th class=\"l\">bound by</th></tr>\n");
        for (Results.Layer layer : results.layers()) {
            html.append("<tr><td class=\"l\">").append(escape(layer.name())).append("</td><td class=\"l\">")
                    .append(escape(layer.op())).append("</td><td class=\"l\">").append(escape(layer.unit()))
                    .append("</td><td>").append(Units.count(layer.macs())).append("</td><td>")
                    .append(Units.count(layer.cycles())).append("</td><td>").append(Units.seconds(layer.latencyS()))
                    .append("</td><td>").append(Units.energyPj(layer.energyPj())).append("</td><td>")
                    .append(Units.percent(layer.utilization())).append("</td><td class=\"l\">")
                    .append(escape(layer.bound())).append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        return html.toString();
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th class=\"l\">").append(label).append("</th><td>").append(value).append("</td></tr>");
    }

    private static void bars(StringBuilder html, Map<String, double[]> blocks, int index, String style,
                             java.util.function.DoubleFunction<String> unit) {
        double max = blocks.values().stream().mapToDouble(v -> v[index]).max().orElse(0);
        int rowHeight = 16;
        int labelWidth = 220;
        html.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">",
                labelWidth + BAR_WIDTH + 120, rowHeight * blocks.size() + 4));
        int y = 0;
        for (Map.Entry<String, double[]> block : List.copyOf(blocks.entrySet())) {
            double value = block.getValue()[index];
            double width = max == 0 ? 0 : BAR_WIDTH * value / max;
            html.append(String.format(Locale.ROOT,
                    "<text x=\"0\" y=\"%d\">%s</text><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                            + "<title>%s</title></rect><text x=\"%.1f\" y=\"%d\">%s</text>",
                    y + 12, escape(block.getKey()), style, labelWidth, y + 2, width, rowHeight - 4,
                    escape(unit.apply(value)), labelWidth + width + 4, y + 12, escape(unit.apply(value))));
            y += rowHeight;
        }
        html.append("</svg>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
