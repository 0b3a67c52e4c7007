package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.cost.EnergyModel;
import dev.weft.io.Json;
import dev.weft.kernels.opencl.OpenClExecutor;
import dev.weft.kernels.reference.JavaExecutor;
import dev.weft.kernels.run.LayerRunner;
import dev.weft.mapper.Estimator;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.results.Results;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate a model as estimate does, then execute its layers on an OpenCL device with random "
                + "operands (seeded by --seed) and check each against the plain-Java reference.",
                "Contractions use the schedule's buffer tile as the OpenCL work-group tile (--tile overrides it). "
                        + "Kernels compute in fp32; a layer passes when its largest error relative to the "
                        + "reference's largest magnitude is at most " + LayerRunner.FP32_BOUND + ".",
                "Writes DIR/results.json with layers[].measured_s and totals.measured_s beside the estimate, "
                        + "run.json (every layer's kernel, time and error), results.csv, schedule.json and report.html.",
                "Layers without a kernel (embedding gathers, convolutions, rmsnorm, silu, ...) keep the estimate only "
                        + "and are listed. Exit status 1 if a layer fails its check."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Mixin
    MappingOptions mapping;

    @Option(names = "--device", defaultValue = "opencl:0", paramLabel = "opencl:N",
            description = "OpenCL device (see ./weft devices; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--tile", paramLabel = "MxNxK",
            description = "GEMM work-group tile for every contraction instead of the schedule's, e.g. 64x128x256.")
    String tile;

    @Option(names = "--runs", defaultValue = "3",
            description = "Timed runs per layer after a warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    /** What run.json holds. */
    record RunReport(String device, String reference, long seed, double relativeErrorBound, int layers, int executed,
                     List<LayerRunner.Check> checks, Map<String, Integer> notExecuted) {
    }

    @Override
    public Integer call() {
        WorkloadOptions.positive("--runs", runs);
        GemmTile override = tile == null ? null : GemmArgs.tile(tile, "--tile");
        Architecture arch = options.architecture();
        EnergyModel energy = options.energyModel(arch);
        Schedule replay = mapping.replay();
        WorkloadSpec workloadSpec = options.spec(mapping.attention(), arch);
        Workload workload = options.workload(workloadSpec);
        PrintWriter stdout = spec.commandLine().getOut();
        List<LayerRunner.Check> checks = new ArrayList<>();
        Map<String, Integer> notExecuted = new TreeMap<>();
        String deviceName;
        Estimator.Estimate estimate;
        // the device first: a missing runtime or a wrong index is reported before any mapping work
        try (OpenClExecutor executor = OpenClExecutor.open(device);
             JavaExecutor reference = new JavaExecutor()) {
            deviceName = executor.name();
            estimate = Runs.estimate(workload, arch, energy, options.seed, options.searchBudget,
                    options.objective(), replay, mapping.replaySource(), "mapping");
            execute(executor, reference, workload, estimate, override, checks, notExecuted);
        }
        Results results = withMeasured(estimate.results(), checks);
        printTable(stdout, deviceName, estimate.results(), checks, notExecuted);
        RunReport report = new RunReport(deviceName, "java (fp64 accumulation)", options.seed, LayerRunner.FP32_BOUND,
                workload.operators().size(), checks.size(), checks, notExecuted);
        OutputDirectory directory = new OutputDirectory(out)
                .add("run.json", Json.text(report))
                .add("schedule.json", ScheduleJson.write(estimate.schedule()));
        Path written = ReportFiles.addTo(directory, ReportData.of(results)).commit();
        stdout.println("wrote " + written.resolve("results.json") + ", run.json, results.csv, schedule.json, report.html");
        long failed = checks.stream().filter(c -> !c.passed()).count();
        if (failed > 0) {
            stdout.println(failed + " layer(s) exceed the relative error bound " + LayerRunner.FP32_BOUND);
        }
        stdout.flush();
        return failed > 0 ? 1 : 0;
    }

    /** Runs every layer that has a kernel; the others are counted by op kind. */
    private void execute(OpenClExecutor executor, JavaExecutor reference, Workload workload,
                         Estimator.Estimate estimate, GemmTile override, List<LayerRunner.Check> checks,
                         Map<String, Integer> notExecuted) {
        LayerRunner runner = new LayerRunner(executor, reference, options.seed, runs);
        try (Progress progress = new Progress("running", workload.operators().size())) {
            int done = 0;
            for (Operator op : workload.operators()) {
                GemmTile layerTile = override != null ? override : estimate.schedule().find(op.name())
                        .filter(s -> !s.onVectorUnit()).map(OperatorSchedule::bufferTile).orElse(null);
                Optional<LayerRunner.Check> check = runner.run(op, layerTile);
                check.ifPresentOrElse(checks::add, () -> notExecuted.merge(op.op(), 1, Integer::sum));
                progress.stepper().accept(++done);
            }
        }
    }

    /** The estimate with each executed layer's measured time beside it, and their sum in the totals. */
    static Results withMeasured(Results estimate, List<LayerRunner.Check> checks) {
        Map<String, Double> measured = new TreeMap<>();
        checks.forEach(c -> measured.put(c.layer(), c.measuredS()));
        return estimate.withMeasured(measured);
    }

    private static void printTable(PrintWriter out, String device, Results estimate, List<LayerRunner.Check> checks,
                                   Map<String, Integer> notExecuted) {
        Map<String, Results.Layer> layers = new TreeMap<>();
        estimate.layers().forEach(l -> layers.put(l.name(), l));
        String format = "%-34s %-12s %-15s %14s %14s %11s %5s%n";
        out.printf(Locale.ROOT, "device: %s, checked against the Java reference (fp32 bound %.0e)%n", device,
                LayerRunner.FP32_BOUND);
        out.printf(Locale.ROOT, format, "layer", "op", "kernel", "estimate [us]", "measured [us]", "rel. error", "ok");
        double estimated = 0;
        double measured = 0;
        for (LayerRunner.Check c : checks) {
            double estimateS = layers.get(c.layer()).latencyS();
            estimated += estimateS;
            measured += c.measuredS();
            out.printf(Locale.ROOT, format, c.layer(), c.op(), c.kernel(), String.format(Locale.ROOT, "%.3f",
                    estimateS * 1e6), String.format(Locale.ROOT, "%.3f", c.measuredS() * 1e6),
                    String.format(Locale.ROOT, "%.1e", c.relativeError()), c.passed() ? "yes" : "NO");
        }
        out.printf(Locale.ROOT, "executed %d of %d layers: estimate %.3f us, measured %.3f us (device time of the "
                + "kernels)%n", checks.size(), estimate.layers().size(), estimated * 1e6, measured * 1e6);
        if (!notExecuted.isEmpty()) {
            out.println("no kernel (estimate only): " + notExecuted);
        }
    }
}
