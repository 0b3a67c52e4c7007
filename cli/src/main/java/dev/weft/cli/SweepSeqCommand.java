package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.fusion.Fusion;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.error.WeftInputException;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.reports.Units;
import dev.weft.results.SeqSweep;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sweep-seq", mixinStandardHelpOptions = true,
        description = {"Estimate a language model at several sequence lengths with several attention variants, "
                + "and find the length from which each efficient variant beats the first (softmax) on energy per "
                + "token and on latency.",
                "Example: ./weft sweep-seq --model gpt2 --attention softmax,ecoformer,linear --seq 128,256,...,1024 --out out/sweep",
                "Writes DIR/sweep.json, sweep.csv and report.html."})
final class SweepSeqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Option(names = "--attention", defaultValue = "softmax,ecoformer,linear", split = ",",
            description = "Variants; the first is the baseline (default: ${DEFAULT-VALUE}).")
    List<String> attention;

    @Option(names = "--extend-context",
            description = "Allow lengths past the model's learned positions, as if its position table were that long.")
    boolean extendContext;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Override
    public Integer call() {
        List<Integer> lengths = options.seqList();
        if (lengths.size() < 2) {
            throw new WeftInputException("--seq", null, "a sweep needs at least two lengths",
                    "give e.g. --seq 128,256,...,1024");
        }
        List<AttentionKind> kinds = attention.stream().map(a -> AttentionKind.parse(a, "--attention", null)).toList();
        if (kinds.size() < 2 || kinds.stream().distinct().count() != kinds.size()) {
            throw new WeftInputException("--attention", null, "a sweep compares at least two different variants",
                    "give e.g. --attention softmax,ecoformer,linear");
        }
        Architecture arch = options.architecture();
        Pipeline pipeline = options.pipeline(arch, options.mapping(Fusion.NONE, null), Evaluation.ANALYTIC);
        WorkloadSpec base = options.spec(kinds.get(0), arch, lengths.get(0));
        SeqSweep sweep = SeqSweeps.run(ModelZoo.name(options.model), options.builder(lengths, extendContext), base,
                kinds, lengths, pipeline);
        PrintWriter stdout = spec.commandLine().getOut();
        print(sweep, stdout);
        Path written = ReportFiles.addTo(new OutputDirectory(out), new ReportData(null, List.of(), sweep, List.of()))
                .commit();
        stdout.println("wrote " + written.resolve(ReportFiles.SWEEP) + ", sweep.csv, report.html");
        stdout.flush();
        return 0;
    }

    static void print(SeqSweep sweep, PrintWriter out) {
        out.printf(Locale.ROOT, "%s on %s, energy model %s%n", sweep.model(), sweep.hardware(), sweep.energyModel());
        out.printf(Locale.ROOT, "%-10s %8s %14s %12s %12s%n", "attention", "tokens", "energy/token", "energy",
                "latency");
        for (SeqSweep.Point p : sweep.points()) {
            out.printf(Locale.ROOT, "%-10s %8d %14s %12s %12s%n", p.attention(), p.seq(),
                    Units.energyPj(p.energyPerTokenPj()), Units.energyPj(p.energyPj()), Units.seconds(p.latencyS()));
        }
        for (SeqSweep.Crossover c : sweep.crossovers()) {
            String metric = c.metric().equals(SeqSweep.LATENCY) ? "latency" : "energy per token";
            String verdict = switch (c.kind()) {
                case "crosses" -> String.format(Locale.ROOT, "beats %s from about %.0f tokens", sweep.baseline(), c.seq());
                case "always" -> "beats " + sweep.baseline() + " at every swept length";
                default -> "does not beat " + sweep.baseline() + " at any swept length";
            };
            out.printf(Locale.ROOT, "%s on %s: %s%n", c.attention(), metric, verdict);
        }
    }
}
