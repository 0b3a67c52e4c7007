package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.onnx.OnnxImporter;
import dev.weft.parallel.ParallelEstimate;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.ResultsWriter;
import dev.weft.pipeline.Run;
import dev.weft.reports.ReportData;
import dev.weft.parallel.Parallelism;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.Units;
import dev.weft.results.Results;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import dev.weft.workload.zoo.PackedBatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Pipeline pipeline = options.pipeline(arch, options.mapping(fusion.fusion(), mapping), Evaluation.ANALYTIC);
        OutputDirectory.checkWritable(out);
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
            return packed(arch, pipeline);
        } else {
            workload = options.workload(options.spec(mapping.attention(), arch));
        }
        Parallelism split = parallel.split();
        PrintWriter stdout = spec.commandLine().getOut();
        if (split.devices() > 1) {
            ParallelEstimate run = pipeline.parallel(workload, split);
            ResultsTable.print(run.device().results(), stdout);
            ParallelReport.print(run, stdout);
            Path written = ResultsWriter.write(run.device().schedule(), ReportData.of(run.device().results()), out,
                    Map.of(ParallelReport.FILE, ParallelReport.json(run)));
            stdout.println("wrote " + written.resolve("results.json") + " (one device), " + ParallelReport.FILE
                    + ", results.csv, schedule.json, report.html");
            stdout.flush();
            return 0;
        }
        Run run = pipeline.run(workload);
        ResultsTable.print(run.results(), stdout);
        Path written = ResultsWriter.write(run, out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }

    /** The batch of {@code --seq-lens} packed, with the padded batch beside it. */
    private Integer packed(Architecture arch, Pipeline pipeline) {
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
        Run paddedRun = pipeline.run(padded, "mapping padded");
        Run packedRun = pipeline.run(packed, "mapping packed");
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
        Path written = ResultsWriter.write(packedRun.withResults(results), out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }
}
