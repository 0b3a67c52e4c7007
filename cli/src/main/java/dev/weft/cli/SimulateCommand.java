package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.ResultsWriter;
import dev.weft.pipeline.Run;
import dev.weft.reports.Units;
import dev.weft.results.Results;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.ArraySpec;
import dev.weft.sim.Engine;
import dev.weft.sim.GemmJob;
import dev.weft.sim.GemmResult;
import dev.weft.sim.Level;
import dev.weft.sim.MemorySpec;
import dev.weft.sim.Tensor;
import dev.weft.sim.TileChooser;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.sim.scalesim.Layer;
import dev.weft.sim.scalesim.LayerReport;
import dev.weft.sim.scalesim.ScaleSimConfig;
import dev.weft.sim.scalesim.ScaleSimReports;
import dev.weft.sim.scalesim.ScaleSimRun;
import dev.weft.sim.scalesim.Timing;
import dev.weft.sim.scalesim.Topology;
import dev.weft.workload.WorkloadSpec;
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

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cycle-level simulation of the systolic template: folds timed by the RTL contract "
                + "(2R + C + T - 2 cycles each), double-buffered SRAM, DRAM bandwidth and latency, stalls.",
                "Three inputs:",
                "  --model M [workload options] --out DIR: map the model as estimate does, simulate its schedule "
                        + "(on a general spatial array, each contraction's loop nest tile by tile at every memory), "
                        + "fusion groups as one kernel each (a softmax attention core block by block, its score tile "
                        + "kept in the buffer; in decode also split into the schedule's kv_splits parts, Lean Attention's "
                        + "split-K, printed against the analytic model), "
                        + "write results.json (with totals.stall_cycles, totals.accesses_bytes and the fusion totals "
                        + "totals.dram), results.csv, "
                        + "schedule.json, report.html.",
                "  --gemm M,K,N --array RxC --dataflow os|ws|is --sram-kb I,F,O --bandwidth W: one GEMM with int8 "
                        + "(one-byte) elements.",
                "  --scalesim-config X.cfg --topology T.csv [--gemm-topology] --out DIR: SCALE-Sim inputs; writes "
                        + "COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Mixin
    MappingOptions mapping;

    @Mixin
    FusionOption fusion;

    @Option(names = "--gemm", paramLabel = "M,K,N", description = "Simulate one GEMM [M x K] x [K x N].")
    String gemm;

    @Option(names = "--array", paramLabel = "RxC", defaultValue = "32x32", description = "Array rows x columns for --gemm (default: ${DEFAULT-VALUE}).")
    String arraySize;

    @Option(names = "--dataflow", defaultValue = "ws", description = "os, ws or is for --gemm (default: ${DEFAULT-VALUE}).")
    String dataflow;

    @Option(names = "--weight-double-buffering", description = "For --gemm with --dataflow ws: shadow weight "
            + "registers load the next fold's weights while the current fold streams (only a tile's first fold waits "
            + "for its R-cycle load).")
    boolean weightDoubleBuffering;

    @Option(names = "--sram-kb", paramLabel = "I,F,O", defaultValue = "64,64,64",
            description = "ifmap, filter and ofmap SRAM sizes in KiB for --gemm (default: ${DEFAULT-VALUE}).")
    String sramKb;

    @Option(names = "--bandwidth", paramLabel = "W", defaultValue = "10",
            description = "DRAM bandwidth in words (bytes) per cycle for --gemm (default: ${DEFAULT-VALUE}).")
    double bandwidth;

    @Option(names = "--dram-latency", paramLabel = "CYCLES", defaultValue = "" + ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES,
            description = "Cycles from the end of a DRAM read until its data can be used (default: ${DEFAULT-VALUE}).")
    long dramLatency;

    @Option(names = "--scalesim-config", paramLabel = "X.cfg", description = "A SCALE-Sim configuration file.")
    Path scalesimConfig;

    @Option(names = "--topology", paramLabel = "T.csv", description = "A SCALE-Sim topology CSV (convolutions, or GEMMs with --gemm-topology).")
    Path topology;

    @Option(names = "--gemm-topology", description = "The topology CSV lists GEMMs as name, M, N, K.")
    boolean gemmTopology;

    @Option(names = "--timing", defaultValue = "weft",
            description = "weft (the RTL-exact timing, default) or scalesim (SCALE-Sim v2.0.2's own numbers, field for field).")
    String timing;

    @Option(names = "--engine", defaultValue = "fast",
            description = "fast (closed-form folds, one event per tile) or cycle (every cycle stepped; slow) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the results (required with --model and --scalesim-config).")
    Path out;

    @Override
    public Integer call() {
        if (dramLatency < 0) {
            throw new WeftInputException("--dram-latency", null, "must be 0 or more, was " + dramLatency, "give cycles");
        }
        Engine chosen = switch (engine.trim()) {
            case "fast" -> Engine.FAST;
            case "cycle" -> Engine.CYCLE;
            default -> throw new WeftInputException("--engine", null, "unknown engine '" + engine + "'", "use fast or cycle");
        };
        Timing parsedTiming = Timing.parse(timing, "--timing");
        int modes = (gemm != null ? 1 : 0) + (scalesimConfig != null ? 1 : 0) + (options.model != null ? 1 : 0);
        if (modes != 1) {
            throw new WeftInputException("simulate", null, modes == 0 ? "nothing to simulate"
                    : "give only one of --model, --gemm, --scalesim-config",
                    "give --model M, --gemm M,K,N or --scalesim-config X.cfg --topology T.csv");
        }
        if (weightDoubleBuffering && (gemm == null || parsedTiming != Timing.WEFT)) {
            throw new WeftInputException("--weight-double-buffering", null, "applies to simulate --gemm in Weft's "
                    + "timing (SCALE-Sim's arrays load weights between folds)", "drop --weight-double-buffering, or "
                    + "give weight_double_buffering: true in the architecture file of --model runs");
        }
        if (gemm != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--hw")) {
                throw new WeftInputException("--hw", null, "is not read by simulate --gemm, which describes its "
                        + "array with --array, --dataflow, --sram-kb and --bandwidth",
                        "drop --hw, or use weft estimate --gemm M,K,N --hw " + options.hardware);
            }
            return gemm(chosen, parsedTiming);
        }
        if (scalesimConfig != null) {
            return scalesim(parsedTiming);
        }
        if (parsedTiming != Timing.WEFT) {
            throw new WeftInputException("--timing", null, "scalesim timing applies to --gemm and SCALE-Sim inputs",
                    "drop --timing with --model");
        }
        return model(chosen);
    }

    private Integer model(Engine chosen) {
        requireOut();
        Architecture arch = options.architecture();
        Pipeline pipeline = options.pipeline(arch, options.mapping(fusion.fusion(), mapping),
                new Evaluation.Simulated(dramLatency, chosen));
        WorkloadSpec workload = options.spec(mapping.attention(), arch);
        if (arch.loopNest() && spec.commandLine().getParseResult().hasMatchedOption("--engine")) {
            throw new WeftInputException("--engine", null, "chooses between the engines of systolic arrays; " + arch.name()
                    + " has a general spatial array, which the loop-nest simulator runs", "drop --engine");
        }
        Run run = pipeline.run(options.workload(workload));
        Results results = run.results();
        PrintWriter stdout = spec.commandLine().getOut();
        ResultsTable.print(results, stdout);
        long analytic = run.estimate().totals().cycles();
        stdout.printf(Locale.ROOT, "simulated %,d cycles (%,d stalled, %s), analytic model %,d cycles (simulated/analytic %.3f); "
                        + "%s, %.3f s wall, %s simulated cycles/s%n", results.totals().cycles(),
                results.totals().stallCycles(), Units.percent(results.totals().stallCycles()
                        / (double) Math.max(1, results.totals().cycles())), analytic,
                results.totals().cycles() / (double) Math.max(1, analytic),
                // weft-arch/2 contractions run on the loop-nest simulator, which --engine does not choose
                arch.loopNest() ? "loop-nest simulator" : chosen.label() + " engine", run.evaluationSeconds(),
                Units.count(results.totals().cycles() / Math.max(1e-9, run.evaluationSeconds())));
        printSplitK(results.totals().splitKDecode(), run.estimate().totals().splitKDecode(), stdout);
        Path written = ResultsWriter.write(run, out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }

    /** The split decode cores simulated against the analytic model's, in all and the farthest core. */
    private static void printSplitK(Results.SplitK simulated, Results.SplitK analytic, PrintWriter stdout) {
        if (simulated == null || analytic == null) {
            return;
        }
        double worst = 1;
        for (int i = 0; i < simulated.cores().size(); i++) {
            double ratio = simulated.cores().get(i).cyclesSplit() / (double) analytic.cores().get(i).cyclesSplit();
            worst = Math.abs(ratio - 1) > Math.abs(worst - 1) ? ratio : worst;
        }
        stdout.printf(Locale.ROOT, "split-K decode simulated %,d cycles split into %d parts, analytic model %,d "
                        + "(simulated/analytic %.3f, farthest core %.3f)%n", simulated.attentionCyclesSplit(),
                simulated.splits(), analytic.attentionCyclesSplit(),
                simulated.attentionCyclesSplit() / (double) analytic.attentionCyclesSplit(), worst);
    }

    private Integer gemm(Engine chosen, Timing parsedTiming) {
        if (out != null) {
            throw new WeftInputException("--out", null, "writes nothing with --gemm, which prints its figures",
                    "drop --out, or simulate a model or SCALE-Sim inputs to write a results directory");
        }
        long[] mkn = GemmArgs.dims(gemm, "--gemm");
        int[] rc = GemmArgs.array(arraySize, "--array");
        Dataflow flow = Dataflow.parse(dataflow, "--dataflow", null);
        long[] kb = GemmArgs.positiveList(sramKb, 3, "--sram-kb", "I,F,O");
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new WeftInputException("--bandwidth", null, "must be positive, was " + bandwidth,
                    "give DRAM words per cycle, e.g. 10");
        }
        if (weightDoubleBuffering && flow != Dataflow.WS) {
            throw new WeftInputException("--weight-double-buffering", null, "applies to a weight-stationary array, not "
                    + flow.label(), "use --dataflow ws, or drop --weight-double-buffering");
        }
        ArraySpec array = new ArraySpec(rc[0], rc[1], flow, weightDoubleBuffering);
        GemmTile problem = new GemmTile(mkn[0], mkn[2], mkn[1]);
        PrintWriter stdout = spec.commandLine().getOut();
        if (parsedTiming == Timing.SCALESIM) {
            ScaleSimConfig config = ScaleSimConfig.of(rc[0], rc[1], flow, kb[0], kb[1], kb[2], bandwidth);
            List<LayerReport> report = ScaleSimRun.scalesim(config, List.of(Layer.gemm("gemm", mkn[0], mkn[2],
                    mkn[1])));
            stdout.println(report.get(0).summary());
            stdout.flush();
            return 0;
        }
        MemorySpec memory = MemorySpec.perTensor(bandwidth, dramLatency, kibibytes(kb[0]), kibibytes(kb[1]),
                kibibytes(kb[2]));
        GemmJob job;
        try {
            job = TileChooser.choose("gemm", problem, 1, array, memory);
        } catch (IllegalArgumentException e) {
            throw new WeftInputException("--sram-kb", null, e.getMessage(), "enlarge the SRAMs");
        }
        GemmResult result = chosen.run(job, array, memory);
        stdout.printf(Locale.ROOT, "GEMM [%d x %d] x [%d x %d] on %dx%d %s, SRAM %s KiB, DRAM %s B/cycle, latency %d cycles%n",
                mkn[0], mkn[1], mkn[1], mkn[2], rc[0], rc[1], flow.label() + (weightDoubleBuffering
                        ? " (double-buffered weights)" : ""), sramKb, fmt(bandwidth), dramLatency);
        stdout.printf(Locale.ROOT, "buffer tile m=%d n=%d k=%d, DRAM loop order %s, %d tiles, %d folds%n",
                job.tile().m(), job.tile().n(), job.tile().k(), job.order(), result.steps(), result.folds());
        stdout.printf(Locale.ROOT, "cycles %,d = compute %,d + stall %,d; utilization %s; MACs %,d%n", result.cycles(),
                result.computeCycles(), result.stallCycles(), Units.percent(result.utilization(array)),
                (long) result.usefulMacs());
        String format = "%-6s %-7s %16s %16s%n";
        stdout.printf(Locale.ROOT, format, "level", "tensor", "read [bytes]", "write [bytes]");
        for (Level level : new Level[] {Level.DRAM, Level.SRAM}) {
            for (Tensor tensor : Tensor.values()) {
                stdout.printf(Locale.ROOT, format, level.name(), tensor.label(),
                        String.format(Locale.ROOT, "%,.0f", result.accesses().readBytes(level, tensor)),
                        String.format(Locale.ROOT, "%,.0f", result.accesses().writeBytes(level, tensor)));
            }
        }
        stdout.flush();
        return 0;
    }

    private Integer scalesim(Timing parsedTiming) {
        requireOut();
        if (topology == null) {
            throw new WeftInputException("--topology", null, "missing", "give the topology CSV that goes with "
                    + scalesimConfig);
        }
        ScaleSimConfig config = ScaleSimConfig.read(scalesimConfig);
        List<Layer> layers = Topology.read(topology, gemmTopology);
        for (Layer layer : layers) {
            double refills = ScaleSimRun.refills(config, layer);
            if (refills > ScaleSimRun.MAX_REFILLS) {
                throw new WeftInputException(topology.toString(), layer.name(), String.format(Locale.ROOT,
                        "refills the SRAMs about %.3g times on the %d x %d array; Weft simulates at most 2^20 per "
                                + "layer", refills, config.rows(), config.cols()),
                        "give a smaller layer, or larger SRAMs or array");
            }
        }
        List<LayerReport> reports;
        try {
            reports = parsedTiming == Timing.SCALESIM ? ScaleSimRun.scalesim(config, layers)
                    : ScaleSimRun.weft(config, layers, dramLatency);
        } catch (IllegalArgumentException e) {
            throw new WeftInputException(scalesimConfig.toString(), null, e.getMessage(), "enlarge the SRAMs");
        }
        Path written = ScaleSimReports.write(reports, out);
        PrintWriter stdout = spec.commandLine().getOut();
        for (LayerReport report : reports) {
            stdout.println(report.summary());
        }
        stdout.println("wrote " + written.resolve("COMPUTE_REPORT.csv") + ", BANDWIDTH_REPORT.csv, "
                + "DETAILED_ACCESS_REPORT.csv (" + parsedTiming.label() + " timing)");
        stdout.flush();
        return 0;
    }

    private void requireOut() {
        if (out == null) {
            throw new WeftInputException("--out", null, "missing", "give a directory for the results");
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static long kibibytes(long kb) {
        if (kb > Long.MAX_VALUE / 1024) {
            throw new WeftInputException("--sram-kb", null, kb + " KiB is too large", "give sizes in KiB, e.g. 256,256,128");
        }
        return kb * 1024;
    }
}
