package dev.weft.onnx;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Phase;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Imports an ONNX model as a Weft workload: read the file, bind its dynamic axes to the
 * workload's batch, sequence and image size, infer every shape, recognise the layers the zoo
 * knows (linear, attention, GELU, LayerNorm, embeddings) and emit them with the zoo's own
 * builders, so that an imported model costs what the zoo's model of the same configuration
 * costs.
 */
public final class OnnxImporter {
    private OnnxImporter() {
    }

    /** Whether a {@code --model} argument names an ONNX file rather than a zoo model or config.json. */
    public static boolean isOnnx(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    public static Imported load(Path file, WorkloadSpec spec, UnknownOps unknownOps) {
        if (spec.phase() == Phase.DECODE) {
            throw new WeftInputException("--phase", null, "an ONNX file is imported as the step it computes, a prefill",
                    "use --phase prefill, or a zoo model (see ./weft models) for decode");
        }
        Graph graph = new Graph(OnnxFile.read(file));
        ShapeInference shapes = new ShapeInference(graph, spec, unknownOps);
        shapes.run();
        WorkloadSpec bound = spec;
        if (shapes.seq() > 0) {
            bound = bound.withSeq((int) shapes.seq());
        }
        if (shapes.image() > 0) {
            bound = new WorkloadSpec(bound.batch(), bound.seq(), (int) shapes.image(), bound.phase(), bound.kvLength(),
                    bound.attention(), bound.sparsity(), bound.dtype(), bound.hashBits(), bound.hashAnchors(),
                    bound.spatialReduction());
        }
        Emitter out = new Emitter(graph, bound);
        Planner.plan(graph, out);
        List<String> warnings = shapes.warnings();
        // the model's name carries the warning into every table, results.json and the report's title
        String name = file.getFileName() + (warnings.isEmpty() ? ""
                : " (" + warnings.size() + " operator(s) of unknown type costed as element-wise work)");
        Workload workload = new Workload(name, "onnx", shapes.vision(), bound, out.operators());
        return new Imported(workload, warnings);
    }
}
