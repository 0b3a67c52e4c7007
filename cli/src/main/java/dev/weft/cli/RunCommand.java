package dev.weft.cli;

import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Progress;
import dev.weft.pipeline.ResultsWriter;
import dev.weft.pipeline.Run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.forward.ForwardCheck;
import dev.weft.kernels.forward.ForwardPass;
import dev.weft.kernels.forward.ModelWeights;
import dev.weft.kernels.forward.OutputError;
import dev.weft.kernels.forward.Safetensors;
import dev.weft.io.Json;
import dev.weft.kernels.opencl.OpenClExecutor;
import dev.weft.kernels.reference.JavaExecutor;
import dev.weft.kernels.run.LayerRunner;
import dev.weft.reports.ReportData;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.schedule.Schedule;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
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
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate a model as estimate does, then execute it on an OpenCL device as a forward pass: "
                + "each layer reads the outputs of the layers before it, weights and inputs drawn from --seed, "
                + "softmax attention as one fused FlashAttention kernel over a KV cache kept on the device. The same "
                + "pass runs on the plain-Java reference and the final outputs are compared: the largest error "
                + "relative to the reference's largest magnitude and the relative L2 error must both be at most "
                + ForwardPass.BOUND + " (kernels compute in fp32).",
                "Decode (--phase decode --kv N) runs --tokens steps; the cache holds N - 1 earlier tokens (drawn "
                        + "from the seed) before the first and grows by one each step.",
                "Contractions use the schedule's buffer tile as the OpenCL work-group tile (--tile overrides it).",
                "Writes DIR/results.json with layers[].measured_s and totals.measured_s beside the estimate, "
                        + "run.json (final outputs' errors, every layer's kernel, time and error), results.csv, "
                        + "schedule.json and report.html.",
                "A model with a layer the forward pass has no kernel for (Mamba's scan, Swin's windows, sparse "
                        + "weights, ...) is checked layer by layer instead, each layer on its own seeded operands "
                        + "against the bound " + LayerRunner.FP32_BOUND + ", and says why.",
                "Exit status 1 if an output or a layer fails its check."})
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

    @Option(names = "--tokens", defaultValue = "1", paramLabel = "N",
            description = "Decode steps with --phase decode, each appending its token to the KV cache "
                    + "(default: ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    FusionOption fusion;

    @Option(names = "--attention-blocks", paramLabel = "Br,Bc",
            description = "FlashAttention tiles: Br queries per work-group, Bc keys and values per block staged in "
                    + "local memory (default: the blocks the mapper chose for the hardware's buffer, as schedule.json's "
                    + "attention fusion groups give them; 32,32 where attention is not fused, e.g. --fusion none: two "
                    + "AVX-512 rows of queries, 16 KiB of K and V for 64-wide heads).")
    String attentionBlocks;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Read the parameters from a safetensors file (F32, F16 or BF16) instead of drawing them from "
                    + "--seed: each under the name the workload graph gives it (operator name and .weight, .bias or "
                    + ".table), linear weights as [in, out]. Inputs are still drawn from --seed.")
    Path weights;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    /**
     * What run.json holds: in {@code forward} mode the pass's outputs and layers
     * ({@code forward}), the fused attentions' times beside their estimates ({@code attention});
     * in {@code per-layer} mode each layer's check ({@code checks}) and why there was no forward pass.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunReport(String mode, String device, String reference, long seed, String weights, int layers, int executed,
                     ForwardCheck.Report forward, List<AttentionTime> attention, String perLayerBecause,
                     Double relativeErrorBound, List<LayerRunner.Check> checks, Map<String, Integer> notExecuted) {
    }

    /** A fused attention's device time beside the estimate of the operators it fuses (scores, softmax, context). */
    record AttentionTime(String layer, List<String> fuses, double estimateS, double measuredS) {
    }

    @Override
    public Integer call() {
        WorkloadOptions.positive("--runs", runs);
        WorkloadOptions.positive("--tokens", tokens);
        GemmTile override = tile == null ? null : GemmArgs.tile(tile, "--tile");
        Optional<AttentionBlocks> given = Optional.ofNullable(attentionBlocks).map(RunCommand::blocks);
        Architecture arch = options.architecture();
        Pipeline pipeline = options.pipeline(arch, options.mapping(fusion.fusion(), mapping), Evaluation.ANALYTIC);
        WorkloadSpec workloadSpec = options.spec(mapping.attention(), arch);
        if (tokens > 1 && workloadSpec.phase() != Phase.DECODE) {
            throw new WeftInputException("--tokens", null, "steps are decode steps, and the phase is prefill",
                    "add --phase decode --kv N, or leave --tokens out");
        }
        Workload workload = options.workload(workloadSpec);
        Optional<String> noForward = ForwardPass.unsupported(workload);
        if (weights != null && noForward.isPresent()) {
            throw new WeftInputException("--weights", null, "is read by the forward pass, and " + noForward.get(),
                    "leave --weights out for this model");
        }
        Safetensors file = weights == null ? null : Safetensors.open(weights);
        PrintWriter stdout = spec.commandLine().getOut();
        RunReport report;
        Results results;
        String deviceName;
        // the device first: a missing runtime or a wrong index is reported before any mapping work
        try (OpenClExecutor executor = OpenClExecutor.open(device);
             JavaExecutor reference = new JavaExecutor()) {
            deviceName = executor.name();
            Run estimate = pipeline.run(workload);
            AttentionBlocks blocks = given.or(() -> scheduled(estimate.schedule())).orElse(AttentionBlocks.DEFAULT);
            Function<String, GemmTile> tiles = name -> override != null ? override : estimate.schedule().find(name)
                    .filter(s -> !s.onVectorUnit()).map(OperatorSchedule::bufferTile).orElse(null);
            if (noForward.isEmpty()) {
                ForwardPass pass = new ForwardPass(workload, new ModelWeights(options.seed, file), blocks, tiles,
                        options.seed);
                ForwardCheck.Report forward = ForwardCheck.run(pass, executor, reference, tokens, runs);
                List<AttentionTime> attention = attentionTimes(pass, forward, estimate.results());
                Map<String, Double> measured = new TreeMap<>();
                forward.layers().stream().filter(l -> l.relativeError() != null)
                        .forEach(l -> measured.put(l.layer(), l.measuredS()));
                results = estimate.results().withMeasured(measured);
                printForward(stdout, deviceName, estimate.results(), forward, attention);
                report = new RunReport("forward", deviceName, "java (fp64 accumulation)", options.seed,
                        weights == null ? "drawn from --seed" : weights.toString(),
                        workload.operators().size(), forward.layers().size(), forward, attention, null, null, null,
                        null);
            } else {
                stdout.println("no forward pass for " + workload.model() + ": " + noForward.get()
                        + "; each layer runs on its own seeded operands");
                List<LayerRunner.Check> checks = new ArrayList<>();
                Map<String, Integer> notExecuted = new TreeMap<>();
                execute(executor, reference, workload, tiles, checks, notExecuted);
                results = withMeasured(estimate.results(), checks);
                printTable(stdout, deviceName, estimate.results(), checks, notExecuted);
                report = new RunReport("per-layer", deviceName, "java (fp64 accumulation)", options.seed,
                        "drawn from --seed",
                        workload.operators().size(), checks.size(), null, null, noForward.get(),
                        LayerRunner.FP32_BOUND, checks, notExecuted);
            }
            Path written = ResultsWriter.write(estimate.schedule(), ReportData.of(results), out,
                    Map.of("run.json", Json.text(report)));
            stdout.println("wrote " + written.resolve("results.json") + ", run.json, results.csv, schedule.json, "
                    + "report.html");
        }
        boolean failed = report.forward() != null ? !report.forward().passed()
                : report.checks().stream().anyMatch(c -> !c.passed());
        if (failed) {
            stdout.println(report.forward() != null ? "the final outputs exceed the relative error bound "
                    + ForwardPass.BOUND : "layer(s) exceed the relative error bound " + LayerRunner.FP32_BOUND);
        }
        stdout.flush();
        return failed ? 1 : 0;
    }

    /**
     * The kernel's blocks as the mapper sized them to the accelerator's buffer: the first
     * blocked attention group's (every layer of one model has the same attention shape).
     */
    private static Optional<AttentionBlocks> scheduled(Schedule schedule) {
        return schedule.fusionGroups().stream().filter(FusionGroup::blocked).findFirst()
                .map(g -> new AttentionBlocks(Math.toIntExact(g.queryBlock()), Math.toIntExact(g.kvBlock())));
    }

    private static AttentionBlocks blocks(String text) {
        String[] parts = text.split(",", -1);
        String fix = "give Br,Bc as two positive integers, e.g. 32,32";
        if (parts.length != 2) {
            throw new WeftInputException("--attention-blocks", null, "takes two sizes, got '" + text + "'", fix);
        }
        try {
            return new AttentionBlocks(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new WeftInputException("--attention-blocks", null, "cannot read '" + text + "' as two integers",
                    fix);
        }
    }

    /** Each fused attention's measured time beside the summed estimate of the three operators it runs. */
    private static List<AttentionTime> attentionTimes(ForwardPass pass, ForwardCheck.Report forward,
                                                      Results estimate) {
        Map<String, Double> estimated = new TreeMap<>();
        estimate.layers().forEach(l -> estimated.put(l.name(), l.latencyS()));
        Map<String, Double> measured = new TreeMap<>();
        forward.layers().forEach(l -> measured.put(l.layer(), l.measuredS()));
        List<AttentionTime> times = new ArrayList<>();
        for (List<String> group : pass.attentionGroups()) {
            times.add(new AttentionTime(group.get(0), group, group.stream().mapToDouble(estimated::get).sum(),
                    measured.get(group.get(0))));
        }
        return times;
    }

    /** Runs every layer that has a kernel; the others are counted by op kind. */
    private void execute(OpenClExecutor executor, JavaExecutor reference, Workload workload,
                         Function<String, GemmTile> tiles, List<LayerRunner.Check> checks,
                         Map<String, Integer> notExecuted) {
        LayerRunner runner = new LayerRunner(executor, reference, options.seed, runs);
        try (Progress.Bar bar = TerminalProgress.INSTANCE.open("running", workload.operators().size())) {
            int done = 0;
            for (Operator op : workload.operators()) {
                Optional<LayerRunner.Check> check = runner.run(op, tiles.apply(op.name()));
                check.ifPresentOrElse(checks::add, () -> notExecuted.merge(op.op(), 1, Integer::sum));
                bar.accept(++done);
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

    private static void printForward(PrintWriter out, String device, Results estimate, ForwardCheck.Report forward,
                                     List<AttentionTime> attention) {
        Map<String, Results.Layer> layers = new TreeMap<>();
        estimate.layers().forEach(l -> layers.put(l.name(), l));
        String format = "%-34s %-12s %-22s %14s %14s %11s%n";
        out.printf(Locale.ROOT, "device: %s, forward pass of %d step(s) against the Java reference%n", device,
                forward.steps());
        out.printf(Locale.ROOT, format, "layer", "op", "kernel", "estimate [us]", "measured [us]", "rel. error");
        double estimated = 0;
        double measured = 0;
        for (ForwardCheck.Layer l : forward.layers()) {
            double estimateS = layers.get(l.layer()).latencyS();
            estimated += estimateS;
            measured += l.measuredS();
            out.printf(Locale.ROOT, format, l.layer(), l.op(), l.kernel(), String.format(Locale.ROOT, "%.3f",
                    estimateS * 1e6), l.relativeError() == null ? "" : String.format(Locale.ROOT, "%.3f",
                    l.measuredS() * 1e6), l.relativeError() == null ? "" : String.format(Locale.ROOT, "%.1e",
                    l.relativeError()));
        }
        out.printf(Locale.ROOT, "executed %d of %d layers on the device: estimate %.3f us, measured %.3f us per step "
                + "(device time of the kernels)%n", forward.layers().size(), estimate.layers().size(),
                estimated * 1e6, measured * 1e6);
        for (AttentionTime a : attention) {
            out.printf(Locale.ROOT, "fused attention %s (%s): estimate %.3f us, measured %.3f us%n", a.layer(),
                    forward.attentionBlocks(), a.estimateS() * 1e6, a.measuredS() * 1e6);
        }
        for (OutputError e : forward.outputs()) {
            out.printf(Locale.ROOT, "output %s (%d values): max abs error %.2e (largest |reference| %.3g), relative "
                    + "%.2e, relative L2 %.2e; bound %.0e: %s%n", e.tensor(), e.elements(), e.maxAbsError(),
                    e.maxReference(), e.relativeError(), e.relativeL2(), forward.bound(),
                    e.within(forward.bound()) ? "ok" : "EXCEEDED");
        }
    }
}
