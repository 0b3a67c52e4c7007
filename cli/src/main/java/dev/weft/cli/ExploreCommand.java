package dev.weft.cli;

import dev.weft.pipeline.Progress;

import dev.weft.explore.Engine;
import dev.weft.explore.EngineProvider;
import dev.weft.explore.ExploreRun;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.Metric;
import dev.weft.explore.Pareto;
import dev.weft.explore.Row;
import dev.weft.explore.SpecParser;
import dev.weft.reports.OutputDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Design-space exploration: every design point of a weft-explore/1 spec on every workload.",
                "Writes DIR/rows.csv (a row per point and workload), pareto.csv (the front of every pair of "
                        + "objectives per workload), best.csv, report.html and, on the spark engine, rows.parquet/. "
                        + "Re-running with the same DIR skips the rows it already holds."})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The weft-explore/1 YAML file (see examples/explore/).")
    Path specFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the sweep's files.")
    Path out;

    @Option(names = "--engine", paramLabel = "local|spark", defaultValue = "local",
            description = "local: every core of this machine (default); spark: Apache Spark (optional module).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N], local[*] (default) or spark://host:7077.")
    String master;

    @Override
    public Integer call() {
        OutputDirectory.checkWritable(out);
        ExploreSpec sweep = SpecParser.load(specFile);
        int pending = ExploreRun.pending(sweep, out);
        ExploreRun.Summary summary;
        try (Engine running = EngineProvider.open(engine.trim(), master)) {
            try (Progress.Bar bar = TerminalProgress.INSTANCE.open("exploring", pending)) {
                summary = ExploreRun.run(sweep, out, running, bar);
            }
        }
        print(sweep, summary, spec.commandLine().getOut());
        return 0;
    }

    private void print(ExploreSpec sweep, ExploreRun.Summary summary, PrintWriter out) {
        long feasible = summary.rows().stream().filter(Row::feasible).count();
        out.printf(Locale.ROOT, "%d design points x %d workloads = %d rows (%d feasible); evaluated %d on %s in %.1f s"
                        + " (%.1f evaluations/s), %d from an earlier run%n", sweep.points().size(),
                sweep.workloads().size(), summary.rows().size(), feasible, summary.evaluated(), engine,
                summary.seconds(), summary.seconds() > 0 ? summary.evaluated() / summary.seconds() : 0,
                summary.resumed());
        for (int w = 0; w < sweep.workloads().size(); w++) {
            int workload = w;
            List<Row> group = summary.rows().stream().filter(r -> r.workload() == workload).toList();
            out.println(sweep.workloads().get(w).label() + ":");
            for (Metric metric : sweep.objectives()) {
                Row best = Pareto.best(group, metric);
                out.printf(Locale.ROOT, "  best %-22s %s%n", metric.column(),
                        best == null ? "no feasible design" : String.format(Locale.ROOT, "%.4g  %s", best.metric(metric), best.design()));
            }
            summary.fronts().stream().filter(f -> f.workload() == workload).forEach(f -> out.printf(Locale.ROOT,
                    "  Pareto %s vs %s: %d designs%n", f.y().column(), f.x().column(), f.rows().size()));
        }
        out.println("wrote " + this.out.toAbsolutePath().normalize().resolve(ExploreRun.ROWS) + ", " + ExploreRun.PARETO
                + ", " + ExploreRun.BEST + ", " + ExploreRun.REPORT + summary.columnar().map(c -> ", " + c).orElse(""));
        out.flush();
    }
}
