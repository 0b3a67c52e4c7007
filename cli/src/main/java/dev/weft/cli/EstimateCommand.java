package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.Mapper;
import dev.weft.onnx.OnnxImporter;
import dev.weft.parallel.ParallelEstimate;
import dev.weft.parallel.Parallelism;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.Units;
import dev.weft.results.Results;
import dev.weft.schedule.Schedule;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import dev.weft.workload.zoo.PackedBatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Map a model onto the hardware and estimate cycles, latency and energy per layer.",
                "Writes DIR/results.json (the results contract), results.csv (a row per operator), "
                        + "schedule.json (replay it with --schedule) and report.html."})
final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Mixin
    MappingOptions mapping;

    @Mixin
    FusionOption fusion;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Option(names = "--seq-lens", paramLabel = "L1,L2,...", description = "Instead of --batch and --seq: a batch of "
            + "sequences of these lengths, estimated packed as ByteTransformer runs it (real tokens only through the "
            + "linear layers, attention per sequence at its own length) and, for comparison, padded to the longest; "
            + "results.json is the packed run, its \"packing\" the padded one beside it. Prefill of language models.")
    String seqLens;

    @Option(names = "--gemm", paramLabel = "M,K,N", description = "Instead of --model: one GEMM O[M,N] += A[M,K] * B[K,N], "
            + "B the weight; --batch repeats it over more rows of A, --dtype sets the element type.")
    String gemm;

    @Mixin
    ParallelOptions parallel;

    @Override
    public Integer call() {
        Architecture arch = options.architecture();
        EnergyModel energy = options.energyModel(arch);
        Schedule replay = mapping.replay();
        OutputDirectory.checkWritable(out);
        Estimator.Options search = new Estimator.Options(options.seed,
                options.searchBudget == 0 ? Mapper.DEFAULT_BUDGET : options.searchBudget, replay, mapping.replaySource(),
                options.objective(), fusion.fusion());
        Workload workload;
        if (gemm != null) {
            if (options.model != null) {
                throw new WeftInputException("--gemm", null, "give either --model or --gemm, not both",
                        "drop one of them");
            }
            long[] mkn = GemmArgs.dims(gemm, "--gemm");
            WorkloadOptions.positive("--batch", options.batch);
            GemmArgs.countable(mkn, options.batch, "--gemm");
            // a lone GEMM has no phase or attention, but a wrong value is still a mistake to point out
            dev.weft.workload.Phase.parse(options.phase, "--phase", null);
            mapping.attention();
            workload = GemmWorkload.of(mkn[0], mkn[1], mkn[2], options.batch, options.dtype(arch));
        } else if (seqLens != null) {
            return packed(arch, energy, search);
        } else {
            workload = options.workload(options.spec(mapping.attention(), arch));
        }
        Parallelism split = parallel.split();
        PrintWriter stdout = spec.commandLine().getOut();
        if (split.devices() > 1) {
            ParallelEstimate run = Runs.parallel(workload, arch, energy, search, split);
            ResultsTable.print(run.device().results(), stdout);
            ParallelReport.print(run, stdout);
            Path written = Runs.write(run.device(), out, java.util.Map.of(ParallelReport.FILE, ParallelReport.json(run)));
            stdout.println("wrote " + written.resolve("results.json") + " (one device), " + ParallelReport.FILE
                    + ", results.csv, schedule.json, report.html");
            stdout.flush();
            return 0;
        }
        Estimator.Estimate estimate = Runs.estimate(workload, arch, energy, search, "mapping");
        ResultsTable.print(estimate.results(), stdout);
        Path written = Runs.write(estimate, out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }

    /** The batch of {@code --seq-lens} packed, with the padded batch beside it. */
    private Integer packed(Architecture arch, EnergyModel energy, Estimator.Options search) {
        ParseResult given = spec.commandLine().getParseResult();
        for (String option : List.of("--seq", "--batch", "--gemm", "--schedule")) {
            if (given.hasMatchedOption(option)) {
                throw new WeftInputException("--seq-lens", null, "and " + option + " were both given",
                        "drop " + option + ": --seq-lens sets the batch and its lengths");
            }
        }
        List<Integer> lengths = SeqList.parse(seqLens, "--seq-lens");
        WorkloadSpec base = options.spec(mapping.attention(), arch, lengths.get(0));
        if (OnnxImporter.isOnnx(options.model)) {
            throw new WeftInputException("--seq-lens", null, "needs the model's config to build each sequence",
                    "give a built-in model or a config.json");
        }
        Workload padded = PackedBatch.padded(options.model, base, lengths);
        Workload packed = PackedBatch.packed(options.model, base, lengths);
        Estimator.Estimate paddedRun = Runs.estimate(padded, arch, energy, search, "mapping padded");
        Estimator.Estimate packedRun = Runs.estimate(packed, arch, energy, search, "mapping packed");
        Results.Totals p = paddedRun.results().totals();
        Results.Totals q = packedRun.results().totals();
        Results.Packing packing = new Results.Packing(lengths, padded.tokens(), packed.tokens(), p.macs(), q.macs(),
                p.cycles(), q.cycles(), p.energyPj(), q.energyPj(), p.dram().dramBytes(), q.dram().dramBytes());
        Results results = packedRun.results().withPacking(packing);
        PrintWriter stdout = spec.commandLine().getOut();
        ResultsTable.print(results, stdout);
        stdout.printf(Locale.ROOT, "padded %d x %d = %d tokens: MACs %s, %,d cycles, energy %s, DRAM %s%n",
                lengths.size(), padded.spec().seq(), packing.paddedTokens(), Units.count(packing.paddedMacs()),
                packing.paddedCycles(), Units.energyPj(packing.paddedEnergyPj()), Units.bytes(packing.paddedDramBytes()));
        stdout.printf(Locale.ROOT, "packed %d tokens: MACs %s, %,d cycles, energy %s, DRAM %s; packing saves %s of "
                        + "the cycles and %s of the energy%n", packing.packedTokens(), Units.count(packing.packedMacs()),
                packing.packedCycles(), Units.energyPj(packing.packedEnergyPj()), Units.bytes(packing.packedDramBytes()),
                Units.percent(packing.cyclesSaved()), Units.percent(packing.energySaved()));
        Path written = Runs.write(new Estimator.Estimate(results, packedRun.schedule(), packedRun.mapped()), out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }
}
