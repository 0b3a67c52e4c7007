package dev.weft.cli;

import dev.weft.reports.Units;
import dev.weft.parallel.ParallelEstimate;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The figures of a model split over several devices: a table per stage, and parallel.json. */
final class ParallelReport {
    static final String FILE = "parallel.json";

    private ParallelReport() {
    }

    /** parallel.json: per stage (per device) and in total; seconds, picojoules, bytes. */
    record Json(int devices, int tp, int pp, String interconnect, String topology, double latencyS, double energyPj,
                double energyPerTokenPj, List<Stage> stages) {
    }

    record Stage(int stage, List<String> blocks, int devices, double computeS, double computeEnergyPjPerDevice,
                 double transfersS, double transferEnergyPj, List<Transfer> transfers) {
    }

    record Transfer(String kind, String after, double bytes, double seconds) {
    }

    static String json(ParallelEstimate run) {
        List<Stage> stages = run.stages().stream().map(stage -> new Stage(stage.index(), stage.blocks(),
                run.parallelism().tp(), stage.computeS(), stage.computeEnergyPj(), stage.transfersS(),
                stage.transferEnergyPj(), stage.collectives().stream().map(c -> new Transfer(c.kind(), c.after(),
                c.bytes(), c.seconds(run.link()))).toList())).toList();
        return dev.weft.io.Json.text(new Json(run.parallelism().devices(), run.parallelism().tp(),
                run.parallelism().pp(), run.link().name(), run.link().topology().label(), run.latencyS(),
                run.energyPj(), run.energyPerTokenPj(), stages));
    }

    static void print(ParallelEstimate run, PrintWriter out) {
        out.printf(Locale.ROOT, "%n%d devices: tp=%d x pp=%d over %s (%s, %.0f GB/s a direction, collectives reach %.0f, %.2f us)%n",
                run.parallelism().devices(), run.parallelism().tp(), run.parallelism().pp(), run.link().name(),
                run.link().topology().label(), run.link().bytesPerS() / 1e9, run.link().achievedBytesPerS() / 1e9,
                run.link().latencyS() * 1e6);
        out.printf(Locale.ROOT, "%-6s %-28s %12s %12s %14s %14s%n", "stage", "blocks", "compute", "transfers",
                "energy/device", "link energy");
        for (ParallelEstimate.Stage stage : run.stages()) {
            List<String> blocks = stage.blocks();
            String named = blocks.size() <= 2 ? String.join(",", blocks)
                    : blocks.get(0) + ".." + blocks.get(blocks.size() - 1);
            out.printf(Locale.ROOT, "%-6d %-28s %12s %12s %14s %14s%n", stage.index(), named,
                    Units.seconds(stage.computeS()), Units.seconds(stage.transfersS()),
                    Units.energyPj(stage.computeEnergyPj()), Units.energyPj(stage.transferEnergyPj()));
        }
        out.printf(Locale.ROOT, "TOTAL  latency %s, energy %s (all devices and links), energy per token %s%n",
                Units.seconds(run.latencyS()), Units.energyPj(run.energyPj()),
                Units.energyPj(run.energyPerTokenPj()));
    }
}
