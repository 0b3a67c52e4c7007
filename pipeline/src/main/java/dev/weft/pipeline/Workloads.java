package dev.weft.pipeline;

import dev.weft.onnx.Imported;
import dev.weft.onnx.OnnxImporter;
import dev.weft.onnx.UnknownOps;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The first stage: a model's graph for each workload spec a run asks for, built once. A
 * command that looks at the same spec twice (compare checking whether spatial reduction changes
 * the graph, then estimating it; serve sizing the cache, then timing decode) gets the same graph
 * back. Safe to share between threads.
 */
public final class Workloads {
    private final Function<WorkloadSpec, Workload> builder;
    private final Map<WorkloadSpec, Workload> built = new ConcurrentHashMap<>();

    private Workloads(Function<WorkloadSpec, Workload> builder) {
        this.builder = builder;
    }

    /** Graphs from {@code builder}, e.g. a zoo model whose config a sweep has changed. */
    public static Workloads of(Function<WorkloadSpec, Workload> builder) {
        return new Workloads(builder);
    }

    /**
     * Graphs of {@code model}: a built-in model, a Hugging Face-style config.json, or an ONNX
     * file, whose importer's warnings go to {@code warnings}, each once however many graphs are built.
     */
    public static Workloads model(String model, UnknownOps unknownOps, Consumer<String> warnings) {
        if (!OnnxImporter.isOnnx(model)) {
            return new Workloads(spec -> ModelZoo.build(model, spec));
        }
        Set<String> said = ConcurrentHashMap.newKeySet();
        return new Workloads(spec -> {
            Imported imported = OnnxImporter.load(Path.of(model), spec, unknownOps);
            imported.warnings().stream().filter(said::add).forEach(warnings);
            return imported.workload();
        });
    }

    /** The graph for {@code spec}, built on first request. */
    public Workload build(WorkloadSpec spec) {
        return built.computeIfAbsent(spec, builder);
    }
}
