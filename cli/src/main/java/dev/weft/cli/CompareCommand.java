package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.energy.OpsEnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Run;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.reports.Units;
import dev.weft.results.Comparison;
import dev.weft.results.Results;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.WorkloadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate one model with several attention variants and print their energy, latency and "
                + "the reduction against the first variant.",
                "Example (EcoFormer's headline claim): ./weft compare --model pvtv2-b0 --attention softmax,ecoformer "
                        + "--energy ops-45nm",
                "For models with PVT spatial reduction, both settings are shown unless --spatial-reduction is given: "
                        + "EcoFormer's paper compares against attention without it."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Option(names = "--attention", defaultValue = "softmax,ecoformer,linear", split = ",",
            description = "Attention variants to compare, the first is the baseline (default: ${DEFAULT-VALUE}).")
    List<String> attentions;

    @Mixin
    FusionOption fusion;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write comparison.json, comparison.csv and results-VARIANT.json here.")
    Path out;

    @Override
    public Integer call() {
        List<AttentionKind> kinds = attentions.stream().map(a -> AttentionKind.parse(a, "--attention", null)).toList();
        if (kinds.stream().distinct().count() != kinds.size()) {
            throw new WeftInputException("--attention", null, "names a variant twice: " + attentions,
                    "list each variant once, e.g. softmax,ecoformer");
        }
        if (kinds.size() < 2) {
            throw new WeftInputException("--attention", null, "needs at least two variants to compare",
                    "give a comma-separated list such as softmax,ecoformer");
        }
        Architecture arch = options.architecture();
        Pipeline pipeline = options.pipeline(arch, options.mapping(fusion.fusion(), null), Evaluation.ANALYTIC);
        EnergyModel energy = pipeline.energy();
        WorkloadSpec base = options.spec(kinds.get(0), arch);
        List<Boolean> settings = new ArrayList<>(List.of(base.spatialReduction()));
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--spatial-reduction");
        List<List<Run>> groups = new ArrayList<>();
        groups.add(run(kinds, base, pipeline));
        if (!explicit && hasSpatialReduction(base)) {
            settings.add(false);
            groups.add(run(kinds, base.withSpatialReduction(false), pipeline));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<Comparison> rows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Run> group = groups.get(g);
            Results first = group.get(0).results();
            stdout.printf(Locale.ROOT, "%s on %s (runs %s), energy model %s%s%n", first.model().name(),
                    first.hardware().name(), first.workload().dtype(), first.energyModel()
                            + (energy instanceof OpsEnergyModel ops ? " (ops priced as " + ops.pricedAs().label() + ")" : ""),
                    groups.size() == 1 ? "" : settings.get(g) ? ", with spatial reduction (PVT as published)"
                            : ", without spatial reduction (as EcoFormer's released models and its baseline)");
            String format = "%-10s %11s %11s %11s %12s %14s %12s %10s%n";
            stdout.printf(Locale.ROOT, format, "attention", "MACs", "mults", "adds", "energy", "energy/token",
                    "latency", "vs " + kinds.get(0).label());
            for (Run estimate : group) {
                Results.Totals t = estimate.results().totals();
                double reduction = 1 - t.energyPj() / first.totals().energyPj();
                rows.add(new Comparison(estimate.results().workload().attention(), settings.get(g), t.macs(), t.muls(),
                        t.adds(), t.energyPj(), t.energyPerTokenPj(), t.latencyS(), reduction));
                stdout.printf(Locale.ROOT, format, estimate.results().workload().attention(), Units.count(t.macs()),
                        Units.count(t.muls()), Units.count(t.adds()), Units.energyPj(t.energyPj()),
                        Units.energyPj(t.energyPerTokenPj()), Units.seconds(t.latencyS()),
                        estimate == group.get(0) ? "baseline"
                                : String.format(Locale.ROOT, "%+.1f%%", -100 * reduction));
            }
            for (Run estimate : group.subList(1, group.size())) {
                double reduction = 1 - estimate.results().totals().energyPj() / first.totals().energyPj();
                stdout.printf(Locale.ROOT, "%s uses %.1f%% %s energy than %s%n",
                        estimate.results().workload().attention(), Math.abs(100 * reduction),
                        reduction >= 0 ? "less" : "more", first.workload().attention());
            }
        }
        if (out != null) {
            write(groups, settings, rows);
            stdout.println("wrote " + out.toAbsolutePath().normalize().resolve("comparison.json"));
        }
        stdout.flush();
        return 0;
    }

    private List<Run> run(List<AttentionKind> kinds, WorkloadSpec base, Pipeline pipeline) {
        List<Run> runs = new ArrayList<>();
        for (AttentionKind kind : kinds) {
            runs.add(pipeline.run(options.workload(base.withAttention(kind)), "mapping " + kind.label()));
        }
        return runs;
    }

    /** Whether turning spatial reduction off changes the model's graph (PVT-style attention). */
    private boolean hasSpatialReduction(WorkloadSpec spec) {
        return spec.spatialReduction() && options.workload(spec).macs()
                != options.workload(spec.withSpatialReduction(false)).macs();
    }

    private void write(List<List<Run>> groups, List<Boolean> settings, List<Comparison> rows) {
        OutputDirectory directory = new OutputDirectory(out);
        for (int g = 0; g < groups.size(); g++) {
            for (Run estimate : groups.get(g)) {
                directory.add("results-" + estimate.results().workload().attention()
                        + (settings.get(g) ? "" : "-no-sr") + ".json", Json.text(estimate.results()));
            }
        }
        ReportFiles.addTo(directory, new ReportData(null, rows, null, List.of())).commit();
    }
}
