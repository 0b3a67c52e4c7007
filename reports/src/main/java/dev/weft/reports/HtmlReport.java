package dev.weft.reports;

import dev.weft.io.Json;
import dev.weft.results.Results;
import dev.weft.results.WeftVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (no network needed to view it). What produced
 * the figures, the totals and the per-operator table are written as HTML; the charts are drawn
 * in the browser by Apache ECharts (inlined from its WebJar) from the run's JSON, embedded
 * verbatim, so the page shows exactly what the JSON files beside it hold.
 */
public final class HtmlReport {
    private static final String ECHARTS_VERSION = property("/weft/report/echarts.properties", "version");
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION
            + "/echarts.common.min.js";
    private static final String SELF_CHECK = "/weft/report/selfcheck.js";
    private static final String ECHARTS_FULL = "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION
            + "/echarts.min.js";

    private static final java.util.regex.Pattern SCRIPT_END = java.util.regex.Pattern.compile("(?i)</script");

    private HtmlReport() {
    }

    public static String render(ReportData data) {
        StringBuilder html = new StringBuilder(1 << 20);
        String title = title(data);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title>\n<style>")
                .append(resource("/weft/report/report.css")).append("</style></head>\n<body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        html.append("<p class=\"provenance\">").append(escape(provenance(data))).append("</p>\n");
        if (data.results() != null) {
            totals(html, data.results());
        }
        html.append("<div id=\"charts\"></div>\n");
        if (data.results() != null) {
            operators(html, data.results());
            loopNests(html, data.results());
        }
        html.append("<footer>Weft ").append(escape(version(data)))
                .append(". Charts: Apache ECharts ").append(ECHARTS_VERSION)
                .append(". Source of truth: the JSON and CSV files beside this page.</footer>\n");
        html.append("<script id=\"weft-data\" type=\"application/json\">")
                .append(scriptSafe(Json.text(embedded(data))))
                .append("</script>\n");
        html.append("<script>").append(scriptSafe(resource(ECHARTS))).append("</script>\n");
        html.append("<script>").append(resource(SELF_CHECK)).append("</script>\n");
        html.append("<script>").append(resource("/weft/report/report.js")).append("</script>\n");
        html.append("</body></html>\n");
        return html.toString();
    }

    /**
     * A page of charts for another kind of run (a design-space sweep): the report's style, {@code body}
     * as given, {@code data} embedded as JSON like the results are, and the class-path resource
     * {@code scriptPath} drawing from it with the full ECharts build (which has the
     * parallel-coordinates chart the common one lacks).
     */
    public static String page(String title, String body, Object data, String scriptPath) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>\n<style>" + resource("/weft/report/report.css")
                + "</style></head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "<footer>Weft " + escape(WeftVersion.get()) + ". Charts: Apache ECharts " + ECHARTS_VERSION
                + ". Source of truth: the CSV files beside this page.</footer>\n"
                + "<script id=\"weft-data\" type=\"application/json\">" + scriptSafe(Json.text(data)) + "</script>\n"
                + "<script>" + scriptSafe(resource(ECHARTS_FULL)) + "</script>\n"
                + "<script>" + resource(SELF_CHECK) + "</script>\n"
                + "<script>" + scriptSafe(resource(scriptPath)) + "</script>\n</body></html>\n";
    }

    /** The page's data: the parts in their JSON form, absent ones as null. */
    private static Map<String, Object> embedded(ReportData data) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("results", data.results());
        parts.put("comparison", data.comparison());
        parts.put("sweep", data.sweep());
        parts.put("spmm", data.spmm());
        return parts;
    }

    private static String title(ReportData data) {
        if (data.results() != null) {
            return "Weft: " + data.results().model().name() + " on " + data.results().hardware().name();
        }
        if (data.sweep() != null) {
            return "Weft: " + data.sweep().model() + " on " + data.sweep().hardware() + ", sequence-length sweep";
        }
        if (!data.comparison().isEmpty()) {
            return "Weft: attention comparison";
        }
        return "Weft: sparse matrix throughput";
    }

    private static String provenance(ReportData data) {
        if (data.results() != null) {
            Results r = data.results();
            Results.WorkloadInfo w = r.workload();
            String input = w.image() > 0 ? "image " + w.image() + " px" : "seq " + w.seq();
            return "Model " + r.model().name() + " (" + Units.count(r.model().params()) + " parameters), hardware "
                    + r.hardware().name() + " at " + Units.count(r.hardware().clockHz()) + "Hz, energy model "
                    + r.energyModel() + "; " + w.phase() + ", batch " + w.batch() + ", " + input
                    + (w.phase().equals("decode") ? ", KV " + w.kv() : "") + ", attention " + w.attention()
                    + ", sparsity " + w.sparsity() + ", " + w.dtype() + ". Weft " + r.weftVersion() + ".";
        }
        if (data.sweep() != null) {
            return "Model " + data.sweep().model() + ", hardware " + data.sweep().hardware() + ", energy model "
                    + data.sweep().energyModel() + ". Weft " + WeftVersion.get() + ".";
        }
        return "Weft " + WeftVersion.get() + ".";
    }

    private static String version(ReportData data) {
        return data.results() != null ? data.results().weftVersion() : WeftVersion.get();
    }

    private static void totals(StringBuilder html, Results results) {
        Results.Totals t = results.totals();
        html.append("<dl class=\"totals\">");
        term(html, "MACs", Units.count(t.macs()));
        term(html, "latency", Units.seconds(t.latencyS()));
        term(html, "multiplications", Units.count(t.muls()));
        term(html, "cycles", Units.count(t.cycles()) + " cycles");
        term(html, "additions", Units.count(t.adds()));
        term(html, "energy", Units.energyPj(t.energyPj()));
        term(html, "PE utilization", Units.percent(t.utilization()));
        String unit = results.workload().image() > 0 ? "image" : "token";
        term(html, "energy per " + unit, Units.energyPj(t.energyPerTokenPj()) + " (" + t.tokens() + " " + unit
                + (t.tokens() == 1 ? ")" : "s)"));
        if (t.dram() != null) {
            term(html, "DRAM traffic (fusion " + t.dram().fusion() + ")", Units.bytes(t.dram().dramBytes()));
            term(html, "DRAM traffic unfused", Units.bytes(t.dram().dramBytesUnfused()) + String.format(Locale.ROOT,
                    " (%.2fx)", t.dram().reduction()));
        }
        Results.Hardware hw = results.hardware();
        if (hw.areaMm2() != null) {
            term(html, "area", String.format(Locale.ROOT, "%.3f mm2 at %s", hw.areaMm2().get("total"),
                    hw.technology()));
            double leakW = hw.leakageW().get("total");
            term(html, "leakage", String.format(Locale.ROOT, "%.3g mW, %s over the run", leakW * 1e3,
                    Units.energyPj(leakW * t.latencyS() * 1e12)));
        }
        html.append("</dl>\n");
    }

    private static void term(StringBuilder html, String name, String value) {
        html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static void operators(StringBuilder html, Results results) {
        html.append("<h2>Operators (click a column to sort)</h2>\n<table id=\"layers\"><thead><tr>")
                .append("<th class=\"l\">operator</th><th class=\"l\">op</th><th class=\"l\">layer</th>")
                .append("<th class=\"l\">unit</th><th>MACs</th><th>cycles</th><th>latency</th><th>energy</th>")
                .append("<th>utilization</th><th class=\"l\">bound by</th><th>DRAM</th><th>DRAM unfused</th>")
                .append("<th class=\"l\">fusion group</th></tr></thead><tbody>\n");
        for (Results.Layer layer : results.layers()) {
            html.append("<tr><td class=\"l\">").append(escape(layer.name())).append("</td><td class=\"l\">")
                    .append(escape(layer.op())).append("</td><td class=\"l\">").append(escape(layer.block()))
                    .append("</td><td class=\"l\">").append(escape(layer.unit())).append("</td>");
            cell(html, layer.macs(), Units.count(layer.macs()));
            cell(html, layer.cycles(), Units.count(layer.cycles()));
            cell(html, layer.latencyS(), Units.seconds(layer.latencyS()));
            cell(html, layer.energyPj(), Units.energyPj(layer.energyPj()));
            cell(html, layer.utilization(), Units.percent(layer.utilization()));
            html.append("<td class=\"l\">").append(escape(layer.bound())).append("</td>");
            Results.Dram dram = layer.dram();
            cell(html, dram == null ? 0 : dram.dramBytes(), dram == null ? "" : Units.bytes(dram.dramBytes()));
            cell(html, dram == null ? 0 : dram.dramBytesUnfused(), dram == null ? "" : Units.bytes(dram.dramBytesUnfused()));
            html.append("<td class=\"l\">").append(escape(dram == null || dram.group() == null ? "" : dram.group()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    /**
     * On a {@code weft-arch/2} machine, each contraction explained: the latency split, energy per
     * memory per operand, and the loop nest, one folded entry per operator.
     */
    private static void loopNests(StringBuilder html, Results results) {
        List<Results.Layer> explained = results.layers().stream().filter(l -> l.loopNest() != null).toList();
        if (explained.isEmpty()) {
            return;
        }
        html.append("<h2>Loop nests (energy per memory and operand, latency split, mapping)</h2>\n");
        for (Results.Layer layer : explained) {
            Results.LoopNest nest = layer.loopNest();
            html.append("<details><summary>").append(escape(layer.name())).append(": ")
                    .append(escape(Units.count(layer.cycles()))).append(" cycles = ")
                    .append(escape(Units.count(nest.idealCycles()))).append(" ideal + ")
                    .append(escape(Units.count(nest.stallCycles()))).append(" stall + ")
                    .append(escape(Units.count(nest.onloadCycles()))).append(" loading + ")
                    .append(escape(Units.count(nest.offloadCycles()))).append(" draining")
                    .append(nest.launchCycles() != null ? " + " + escape(Units.count(nest.launchCycles())) + " launch" : "")
                    .append("; ")
                    .append(escape(Units.energyPj(layer.energyPj()))).append("</summary>\n<table><thead><tr>")
                    .append("<th class=\"l\">memory</th><th>input</th><th>weight</th><th>output</th></tr></thead><tbody>");
            nest.energyPj().forEach((memory, byOperand) -> {
                html.append("<tr><td class=\"l\">").append(escape(memory)).append("</td>");
                for (String operand : List.of("input", "weight", "output")) {
                    Double pj = byOperand.get(operand);
                    html.append("<td>").append(pj == null ? "bypassed" : escape(Units.energyPj(pj))).append("</td>");
                }
                html.append("</tr>");
            });
            html.append("</tbody></table>\n<pre>").append(escape(String.join("\n", nest.mapping())))
                    .append("</pre></details>\n");
        }
    }

    /** A number shown with its unit; the raw value rides along for sorting. */
    private static void cell(StringBuilder html, double value, String shown) {
        html.append("<td data-v=\"").append(value).append("\">").append(escape(shown)).append("</td>");
    }

    private static String property(String path, String key) {
        java.util.Properties properties = new java.util.Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the class path: " + path);
            }
            properties.load(in);
            return properties.getProperty(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Text inside a script element must not close it ({@code <\/} means {@code </} in JavaScript strings). */
    private static String scriptSafe(String text) {
        return SCRIPT_END.matcher(text).replaceAll("<\\\\/script");
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
