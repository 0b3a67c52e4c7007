package dev.weft.onnx;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.AttentionCore;
import dev.weft.workload.zoo.AttentionLowering;
import dev.weft.workload.zoo.GraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns matches into Weft operators through the zoo's own {@link GraphBuilder} verbs and
 * {@link AttentionLowering}, so that an imported layer costs exactly what the same layer of a
 * zoo model costs. Weight tensors are renamed to the initializers they are stored in: a
 * parameter read by two operators (a tied output head) then counts once.
 */
final class Emitter {
    private final Graph graph;
    private final WorkloadSpec spec;
    private final List<Operator> operators = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private String block = "graph";

    Emitter(Graph graph, WorkloadSpec spec) {
        this.graph = graph;
        this.spec = spec;
    }

    List<Operator> operators() {
        return List.copyOf(operators);
    }

    /** Activations and other weights run at the workload's type; a contraction on int8 weights runs at int8. */
    DType dtypeFor(Weight weight) {
        return weight != null && weight.dtype() == DType.INT8 ? DType.INT8 : spec.dtype();
    }

    void linear(Node anchor, long rows, long in, long out, Weight weight, Weight bias) {
        // a weight that is also an embedding table is a tied head, kept dense as the zoo's lm_head
        StorageFormat format = graph.isGathered(weight.initializer()) ? StorageFormat.DENSE : spec.sparsity();
        String name = name(anchor, weight, bias);
        build(dtypeFor(weight), weights(weight, bias),
                g -> g.linear(name, block, rows, in, out, bias != null, name + ".weight", format));
    }

    void attention(Node anchor, long batch, long heads, long queries, long keys, long headDim) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> AttentionLowering.lower(g, name, block, spec, spec.attention(),
                AttentionCore.multiHead(batch, heads, queries, keys, headDim)));
    }

    void batchedMatmul(Node anchor, long batch, long m, long n, long k) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.batchedMatmul(name, "matmul", block, batch, 1, m, n, k,
                new Compute.Mac(g.dtype())));
    }

    void conv2d(Node anchor, long batch, long in, long out, long height, long width, long kernel, long stride, long pad,
                Weight weight, Weight bias) {
        String name = name(anchor, weight, bias);
        build(dtypeFor(weight), weights(weight, bias), g -> g.conv2d(name, block, batch, in, out, height, width, kernel,
                stride, pad, bias != null));
    }

    void depthwiseConv2d(Node anchor, long batch, long channels, long height, long width, long kernel, long stride,
                         long pad, Weight weight, Weight bias) {
        String name = name(anchor, weight, bias);
        build(dtypeFor(weight), weights(weight, bias), g -> g.depthwiseConv2d(name, block, batch, channels, height,
                width, kernel, stride, pad, bias != null));
    }

    /** Work on the vector unit; each learned parameter must be one value per column, as the zoo's are. */
    void vector(Node anchor, String op, long rows, long cols, double muls, double adds, double nonlinear,
                List<Weight> params) {
        for (Weight param : params) {
            if (elements(param) != cols) {
                throw new WeftInputException(graph.file().path().toString(), "node '" + anchor.label() + "'",
                        "op type " + anchor.opType() + " applies parameter '" + param.initializer() + "' of "
                                + elements(param) + " elements to rows of " + cols, "Weft costs only per-column "
                                + "parameters on element-wise operators; fold it into the neighbouring layer");
            }
        }
        String name = name(anchor, params.toArray(Weight[]::new));
        String[] labels = new String[params.size()];
        Arrays.setAll(labels, i -> "param" + i);
        build(spec.dtype(), params, g -> g.vector(name, op, block, rows, cols, muls, adds, nonlinear, labels));
    }

    void layerNorm(Node anchor, long rows, long cols, Weight gamma, Weight beta) {
        if (gamma != null && beta != null) {
            String name = name(anchor, gamma, beta);
            build(spec.dtype(), List.of(gamma, beta), g -> g.layerNorm(name, block, rows, cols));
        } else {
            // the zoo's LayerNorm counts: mean, variance, normalise, scale and shift
            vector(anchor, "layernorm", rows, cols, 3, 4, 1.0 / cols,
                    weights(gamma, beta));
        }
    }

    void rmsNorm(Node anchor, long rows, long cols, Weight gamma) {
        String name = name(anchor, gamma);
        build(spec.dtype(), List.of(gamma), g -> g.rmsNorm(name, block, rows, cols));
    }

    void gelu(Node anchor, long rows, long cols, List<Weight> params) {
        if (params.isEmpty()) {
            String name = name(anchor);
            build(spec.dtype(), List.of(), g -> g.gelu(name, block, rows, cols));
        } else {
            // the zoo's GELU counts, with the bias a fused operator folds in preloaded
            vector(anchor, "gelu", rows, cols, 5, 2, 1, params);
        }
    }

    /** The sum of two activations (a residual connection), as the zoo's. */
    void residualAdd(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.residualAdd(name, block, rows, cols));
    }

    /** The product of two activations (a gate), as the zoo's. */
    void multiply(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.multiply(name, block, rows, cols));
    }

    void softmax(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.softmax(name, block, rows, cols));
    }

    void embedding(Node anchor, long rows, long vocab, long hidden, Weight table) {
        String name = name(anchor, table);
        build(spec.dtype(), List.of(table), g -> g.embedding(name, block, rows, vocab, hidden, name + ".table"));
    }

    void addLearned(Node anchor, long rows, long cols, long tableRows, Weight table) {
        String name = name(anchor, table);
        build(spec.dtype(), List.of(table), g -> g.addLearned(name, block, rows, cols, tableRows));
    }

    long elements(Weight weight) {
        return graph.initializers().get(weight.initializer()).getDimsList().stream().reduce(1L, Math::multiplyExact);
    }

    private static List<Weight> weights(Weight... weights) {
        return Arrays.stream(weights).filter(Objects::nonNull).toList();
    }

    /** Builds with a fresh builder, then names each weight after its initializer, in order. */
    private void build(DType dtype, List<Weight> weights, Consumer<GraphBuilder> verb) {
        GraphBuilder g = new GraphBuilder(dtype, spec.sparsity());
        verb.accept(g);
        int next = 0;
        for (Operator op : g.operators()) {
            List<TensorSpec> tensors = new ArrayList<>();
            for (TensorSpec t : op.tensors()) {
                if (t.role() == TensorRole.WEIGHT) {
                    Weight w = weights.get(next++);
                    t = new TensorSpec(w.initializer(), TensorRole.WEIGHT, t.axes(), t.dtype(), t.format());
                }
                tensors.add(t);
            }
            operators.add(new Operator(op.name(), op.op(), op.block(), op.dims(), tensors, op.compute()));
        }
    }

    /**
     * A unique operator name: the learned tensor's name where the exporter kept the module path
     * ({@code layers.0.attention.query}), else the node's scoped name. Sets the current block.
     */
    private String name(Node anchor, Weight... weights) {
        String base = null;
        for (Weight w : weights) {
            if (w != null && base == null) {
                base = modulePath(w.initializer());
            }
        }
        String nodePath = anchor.name().replaceAll("^/+", "").replace('/', '.');
        String scope = nodePath.contains(".") ? nodePath.substring(0, nodePath.lastIndexOf('.')) : "";
        String found = blockOf(!scope.isEmpty() ? scope : base);
        if (found != null) {
            block = found;
        }
        if (base == null) {
            base = nodePath.isEmpty() ? anchor.opType().toLowerCase(Locale.ROOT) + anchor.index() : nodePath;
        }
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "#" + i;
        }
        return name;
    }

    /** {@code layers.0.attention.query.bias} to {@code layers.0.attention.query}; null for an exporter's own names. */
    private static String modulePath(String initializer) {
        if (initializer.startsWith("onnx::") || initializer.chars().allMatch(Character::isDigit)) {
            return null;
        }
        for (String suffix : List.of(".weight", ".bias")) {
            int at = initializer.indexOf(suffix);
            if (at > 0) {
                return initializer.substring(0, at);
            }
        }
        return initializer;
    }

    /** The module up to its first numbered part ({@code encoder.layer.3}), else its first part; null if none. */
    private static String blockOf(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
                return String.join(".", Arrays.copyOf(parts, i + 1));
            }
        }
        return parts[0];
    }
}
