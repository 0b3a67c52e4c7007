package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Run;
import dev.weft.mapper.Mapper;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchKernelsCommand.class,
        description = {"Benchmarks, printed as a table with units.",
                "mapper: time to map every layer of BERT-base (128 tokens) on the 32x32 and 128x128 presets, with the default "
                        + "search budget and with exhaustive search (the baseline, measured in the same run); "
                        + "median of --runs runs after a warm-up. Then the loop-nest mapper on ZigZag's three "
                        + "machines against ZigZag's LOMA mapping the same GEMMs (--zigzag DIR times ZigZag in this run).",
                "sim: simulated cycles/s and wall time of BERT-base prefill (512 tokens) on the 128x128 and 32x32 "
                        + "presets, fast engine against the cycle-stepped one in the same run.",
                "explore: design points evaluated per second by weft explore's local engine (every core) and by "
                        + "Spark local[2] (when the optional explore-spark module is built), on the same 24-point sweep.",
                "kernels: the OpenCL kernels on a device (see ./weft bench kernels --help)."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", description = "What to benchmark: mapper, sim, explore or kernels.")
    String what;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs per row; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as a JSON list of rows.")
    Path json;

    @Option(names = "--zigzag", paramLabel = "DIR", description = "bench mapper: a ZigZag checkout to time in this run "
            + "(default: ZigZag's figures recorded on this kind of machine).")
    Path zigzag;

    /** One row of the mapper benchmark. */
    record MapperRow(String hardware, String search, int operators, long mappingsEvaluated, double seconds,
                     double mappingsPerSecond, double edpPjS, double timeVsExhaustive, double edpVsExhaustive) {
    }

    @Override
    public Integer call() {
        if (!List.of("mapper", "sim", "explore").contains(what)) {
            throw new WeftInputException("bench", "WHAT", what == null ? "missing" : "unknown benchmark '" + what + "'",
                    "use: bench mapper, bench sim, bench explore or bench kernels");
        }
        WorkloadOptions.positive("--runs", runs);
        if (json != null) {
            JsonFile.checkWritable(json);
        }
        PrintWriter out = spec.commandLine().getOut();
        if ("sim".equals(what)) {
            writeJson(SimBench.run(runs, out));
            return 0;
        }
        if ("explore".equals(what)) {
            writeJson(ExploreBench.run(runs, out));
            return 0;
        }
        List<MapperRow> rows = new ArrayList<>();
        String format = "%-30s %-12s %6s %12s %10s %14s %12s %10s%n";
        out.printf(Locale.ROOT, format, "hardware", "search", "ops", "mappings", "time [s]", "mappings/s",
                "EDP [pJ*s]", "time ratio");
        for (String preset : List.of("systolic-32x32-int8", "systolic-128x128-int8")) {
            Architecture arch = ArchitectureLoader.preset(preset);
            WorkloadSpec workload = new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                    StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                    WorkloadSpec.DEFAULT_HASH_ANCHORS);
            Workload model = ModelZoo.build(DemoCommand.MODEL, workload);
            Measured exhaustive = measure(model, arch, Integer.MAX_VALUE);
            Measured sampled = measure(model, arch, Mapper.DEFAULT_BUDGET);
            for (Measured m : List.of(exhaustive, sampled)) {
                MapperRow row = new MapperRow(preset, m.budget() == Integer.MAX_VALUE ? "exhaustive"
                        : "budget " + m.budget(), model.operators().size(), m.evaluated(), m.seconds(),
                        m.evaluated() / m.seconds(), m.edp(), m.seconds() / exhaustive.seconds(),
                        m.edp() / exhaustive.edp());
                rows.add(row);
                out.printf(Locale.ROOT, format, row.hardware(), row.search(), row.operators(),
                        String.format(Locale.ROOT, "%,d", row.mappingsEvaluated()),
                        String.format(Locale.ROOT, "%.3f", row.seconds()),
                        String.format(Locale.ROOT, "%,.0f", row.mappingsPerSecond()),
                        String.format(Locale.ROOT, "%.4g", row.edpPjS()),
                        String.format(Locale.ROOT, "%.2fx", row.timeVsExhaustive()));
            }
        }
        out.println("time ratio: wall time against exhaustive search on the same hardware; EDP ratio of the chosen "
                + "schedules (sampled/exhaustive): " + rows.stream().filter(r -> !r.search().equals("exhaustive"))
                .map(r -> String.format(Locale.ROOT, "%s %.3f", r.hardware(), r.edpVsExhaustive())).toList());
        List<MapperVsZigZag.Row> zigzagRows = MapperVsZigZag.run(runs, zigzag, out);
        out.flush();
        if (json != null) {
            JsonFile.write(json, java.util.Map.of("systolic", rows, "vs_zigzag", zigzagRows));
        }
        return 0;
    }

    private void writeJson(List<?> rows) {
        if (json != null) {
            JsonFile.write(json, rows);
        }
    }

    private record Measured(int budget, long evaluated, double seconds, double edp) {
    }

    private Measured measure(Workload model, Architecture arch, int budget) {
        Pipeline pipeline = Pipeline.analytic(arch, new ArchEnergyTable(arch), new Estimator.Options(1, budget, null, null));
        Run warm = pipeline.run(model);
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            pipeline.run(model);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double edp = warm.results().totals().energyPj() * warm.results().totals().latencyS();
        return new Measured(budget, warm.results().mapper().mappingsEvaluated(), seconds[runs / 2], edp);
    }
}
