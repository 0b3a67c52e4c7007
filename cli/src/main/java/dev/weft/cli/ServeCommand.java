package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.fusion.Fusion;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.io.Json;
import dev.weft.parallel.Parallelism;
import dev.weft.parallel.Serving;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.Units;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serving figures for a batch of requests: time to first token, time per output token, "
                + "tokens per second, and the KV cache and weights each device holds.",
                "Writes DIR/serving.json. --batch is the number of requests served together."})
final class ServeCommand implements Callable<Integer> {
    static final String FILE = "serving.json";

    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Option(names = "--attention", defaultValue = "softmax",
            description = "Attention variant: softmax, ecoformer or linear (default: ${DEFAULT-VALUE}).")
    String attention;

    @Option(names = "--prompt", required = true, paramLabel = "N", description = "Prompt tokens per request.")
    int prompt;

    @Option(names = "--output", required = true, paramLabel = "N", description = "Output tokens per request.")
    int output;

    @Mixin
    ParallelOptions parallel;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for serving.json.")
    Path out;

    /** Serve sets the phase, sequence and cache lengths itself. */
    private static final List<String> SET_BY_SERVE = List.of("--phase", "--kv", "--seq");

    @Override
    public Integer call() {
        for (String option : SET_BY_SERVE) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new WeftInputException(option, null, "is set by serve from --prompt and --output",
                        "drop " + option);
            }
        }
        WorkloadOptions.positive("--prompt", prompt);
        WorkloadOptions.positive("--output", output);
        if ((long) prompt + output > Integer.MAX_VALUE / 2) {
            throw new WeftInputException("--output", null, "--prompt + --output is too long to count",
                    "give realistic lengths");
        }
        Architecture arch = options.architecture();
        Pipeline pipeline = options.pipeline(arch, options.mapping(Fusion.NONE, null), Evaluation.ANALYTIC);
        Parallelism split = parallel.split();
        OutputDirectory.checkWritable(out);
        WorkloadSpec base = options.spec(AttentionKind.parse(attention, "--attention", null), arch, prompt);
        Serving.Memory memory = Serving.memory(arch, options.workload(at(base, Phase.DECODE, prompt + output)), split,
                prompt, output);
        double ttft = latency(options.workload(at(base, Phase.PREFILL, 0)), pipeline, split);
        double tpot = latency(options.workload(at(base, Phase.DECODE, Serving.meanKv(prompt, output))), pipeline,
                split);
        Serving serving = new Serving(base.batch(), prompt, output, ttft, tpot, memory);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%s on %d x %s (tp=%d, pp=%d): %d requests, %d prompt + %d output tokens each%n",
                options.model, split.devices(), arch.name(), split.tp(), split.pp(), serving.batch(), prompt, output);
        stdout.printf(Locale.ROOT, "time to first token %s, time per output token %s (mean step, cache %d), "
                        + "%.1f output tokens/s%n", Units.seconds(serving.ttftS()), Units.seconds(serving.tpotS()),
                Serving.meanKv(prompt, output), serving.tokensPerS());
        stdout.printf(Locale.ROOT, "per device: KV cache %.2f GB + weights %.2f GB of %.2f GB%n",
                memory.kvBytes() / 1e9, memory.weightBytes() / 1e9, memory.capacityBytes() / 1e9);
        Path written = new OutputDirectory(out).add(FILE, Json.text(new Report(serving.batch(), prompt, output,
                split.devices(), split.tp(), split.pp(), serving.ttftS(), serving.tpotS(), serving.tokensPerS(),
                memory.kvBytes(), memory.weightBytes(), memory.capacityBytes()))).commit();
        stdout.println("wrote " + written.resolve(FILE));
        stdout.flush();
        return 0;
    }

    /** serving.json: seconds, bytes, tokens per second. */
    record Report(int requests, int promptTokens, int outputTokens, int devices, int tp, int pp, double ttftS,
                  double tpotS, double outputTokensPerS, double kvCacheBytesPerDevice, double weightBytesPerDevice,
                  double capacityBytesPerDevice) {
    }

    private static WorkloadSpec at(WorkloadSpec base, Phase phase, int kv) {
        return new WorkloadSpec(base.batch(), base.seq(), base.image(), phase, kv, base.attention(), base.sparsity(),
                base.dtype(), base.hashBits(), base.hashAnchors(), base.spatialReduction(), base.tokenReduction());
    }

    private static double latency(Workload workload, Pipeline pipeline, Parallelism split) {
        return split.devices() > 1 ? pipeline.parallel(workload, split).latencyS()
                : pipeline.run(workload).results().totals().latencyS();
    }
}
