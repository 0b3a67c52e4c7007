package dev.weft.cli;

import dev.weft.nest.Objective;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.fusion.Fusion;
import dev.weft.mapper.Mapper;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.ResultsWriter;
import dev.weft.pipeline.Run;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.weft.reports.ReportData;
import dev.weft.results.SeqSweep;
import dev.weft.results.SpmmPoint;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.sim.sparse.SpmmSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Estimate the default model (" + DemoCommand.MODEL + ", 128 tokens) on the default accelerator ("
                + WorkloadOptions.DEFAULT_HARDWARE + "), sweep its attention variants over 64 to 512 tokens, and "
                + "write the results and report.html to out/demo."})
final class DemoCommand implements Callable<Integer> {
    static final String MODEL = "bert-base";
    /** Up to BERT's 512 learned positions. */
    static final List<Integer> SWEEP_LENGTHS = List.of(64, 128, 256, 512);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "out/demo", paramLabel = "DIR", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Architecture arch = ArchitectureLoader.preset(WorkloadOptions.DEFAULT_HARDWARE);
        DType native_ = arch.nativeDtype();
        WorkloadSpec workload = new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, native_, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Estimator.Options search = new Estimator.Options(1, Mapper.DEFAULT_BUDGET, null, null, Objective.EDP);
        Pipeline pipeline = new Pipeline(arch, new ArchEnergyTable(arch), search.withFusion(Fusion.ALL),
                Evaluation.ANALYTIC, TerminalProgress.INSTANCE);
        Run run = pipeline.run(ModelZoo.build(MODEL, workload));
        PrintWriter stdout = spec.commandLine().getOut();
        ResultsTable.print(run.results(), stdout);
        stdout.println();
        // the same sweep as ./weft sweep-seq, which maps each operator on its own
        SeqSweep sweep = SeqSweeps.run(MODEL, SeqSweeps.zoo(MODEL, SWEEP_LENGTHS, false), workload,
                List.of(AttentionKind.SOFTMAX, AttentionKind.ECOFORMER, AttentionKind.LINEAR), SWEEP_LENGTHS,
                new Pipeline(arch, new ArchEnergyTable(arch), search, Evaluation.ANALYTIC, TerminalProgress.INSTANCE));
        SweepSeqCommand.print(sweep, stdout);
        long[] ffn = {128, 768, 3072};
        List<SpmmPoint> spmm = SpmmCommand.rows(SpmmSweep.run(arch, new GemmTile(ffn[0], ffn[2], ffn[1]), "csr",
                List.of(0.05, 0.1, 0.25, 0.5, 0.75, 1.0), ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES), arch, ffn);
        Path written = ResultsWriter.write(run.schedule(), ReportData.of(run.results()).withSweep(sweep).withSpmm(spmm),
                out, Map.of());
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, sweep.json, "
                + "sweep.csv, spmm.json (simulated CSR weights of bert-base's first MLP layer), spmm.csv, report.html");
        stdout.println("open " + written.resolve("report.html") + " in a browser; try ./weft estimate --help next");
        stdout.flush();
        return 0;
    }
}
