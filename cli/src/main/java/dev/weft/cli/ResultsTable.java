package dev.weft.cli;

import dev.weft.reports.Units;
import dev.weft.results.Results;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The human summary of one estimate: a row per model block, then the totals. */
final class ResultsTable {
    private ResultsTable() {
    }

    static void print(Results results, PrintWriter out) {
        Results.WorkloadInfo w = results.workload();
        out.printf(Locale.ROOT, "%s (%s params) on %s, %s, batch %d, %s%s, attention %s, sparsity %s, %s, energy model %s%n",
                results.model().name(), Units.count(results.model().params()), results.hardware().name(), w.phase(),
                w.batch(), w.image() > 0 && w.seq() == 0 ? "" : "seq " + w.seq(),
                w.kv() > 0 ? ", kv " + w.kv() : "", w.attention(), w.sparsity(), w.dtype(), results.energyModel());
        Map<String, double[]> blocks = new LinkedHashMap<>();
        for (Results.Layer layer : results.layers()) {
            double[] sums = blocks.computeIfAbsent(layer.block(), b -> new double[4]);
            sums[0] += layer.macs();
            sums[1] += layer.cycles();
            sums[2] += layer.latencyS();
            sums[3] += layer.energyPj();
        }
        String format = "%-34s %12s %14s %12s %12s %7s%n";
        out.printf(Locale.ROOT, format, "layer", "MACs", "cycles", "latency", "energy", "share");
        for (Map.Entry<String, double[]> block : blocks.entrySet()) {
            double[] s = block.getValue();
            out.printf(Locale.ROOT, format, block.getKey(), Units.count(s[0]), String.format(Locale.ROOT, "%,d", (long) s[1]),
                    Units.seconds(s[2]), Units.energyPj(s[3]),
                    Units.percent(results.totals().energyPj() == 0 ? 0 : s[3] / results.totals().energyPj()));
        }
        Results.Totals t = results.totals();
        out.printf(Locale.ROOT, format, "TOTAL", Units.count(t.macs()), String.format(Locale.ROOT, "%,d", t.cycles()),
                Units.seconds(t.latencyS()), Units.energyPj(t.energyPj()), "100%");
        out.printf(Locale.ROOT, "MACs %s (%.4g), of which useful %s; multiplications %s, additions %s (useful)%n",
                Units.count(t.macs()), t.macs(), Units.count(t.usefulMacs()), Units.count(t.muls()),
                Units.count(t.adds()));
        out.printf(Locale.ROOT, "cycles %,d, latency %s, PE utilization %s%n", t.cycles(), Units.seconds(t.latencyS()),
                Units.percent(t.utilization()));
        String unit = results.workload().image() > 0 ? "image" : "token";
        out.printf(Locale.ROOT, "energy %s, %d %s%s, energy per %s %s%n", Units.energyPj(t.energyPj()), t.tokens(),
                unit, t.tokens() == 1 ? "" : "s", unit, Units.energyPj(t.energyPerTokenPj()));
        StringBuilder parts = new StringBuilder("energy by component:");
        t.energyBreakdownPj().forEach((component, pj) -> parts.append(' ').append(component).append(' ')
                .append(Units.energyPj(pj)).append(" (").append(Units.percent(pj / t.energyPj())).append(')'));
        out.println(parts);
        if (t.dram() != null) {
            out.printf(Locale.ROOT, "DRAM traffic %s with fusion %s, %s with every operator on its own (%.2fx less)%n",
                    Units.bytes(t.dram().dramBytes()), t.dram().fusion(), Units.bytes(t.dram().dramBytesUnfused()),
                    t.dram().reduction());
        }
        if (t.splitKDecode() != null) {
            Results.SplitK split = t.splitKDecode();
            out.printf(Locale.ROOT, "split-K decode (Lean Attention): attention %,d cycles unsplit, %,d split into %d "
                            + "parts, speed-up %.3fx%s%n", split.attentionCyclesUnsplit(), split.attentionCyclesSplit(),
                    split.splits(), split.speedup(), split.splits() == 1 ? " (the key/value reads from DRAM set the "
                            + "time; splitting them over array slices cannot shorten it)" : "");
        }
        Results.MapperStats m = results.mapper();
        out.printf(Locale.ROOT, "mapper: %s, %,d mappings evaluated in %.2f s (%,.0f mappings/s), seed %d%n",
                m.replayedSchedule() ? "replayed schedule" : "searched", m.mappingsEvaluated(), m.searchSeconds(),
                m.mappingsPerSecond(), m.seed());
        out.flush();
    }
}
