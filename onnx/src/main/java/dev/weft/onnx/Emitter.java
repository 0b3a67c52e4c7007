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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns matches into Weft operators through the zoo's own {@link GraphBuilder} verbs and
 * {@link AttentionLowering}, so that an imported layer costs exactly what the same layer of a
 * zoo model costs. Weight tensors are renamed to the initializers they are stored in: a
 * parameter read by two operators (a tied output head) then counts once.
 *
 * <p>Operators are linked by the ONNX graph's own value names: the first operator of a match
 * reads the match's activation inputs, each further one reads the one before, and the last
 * writes the match's output. A match that emits nothing (a reshape, a transpose) passes its
 * input on under its output's name; see {@link #end()}.
 */
final class Emitter {
    private final Graph graph;
    private final WorkloadSpec spec;
    private final List<Operator> operators = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** The workload tensor each ONNX value is, where they differ: values layout operators pass on. */
    private final Map<String, String> tensors = new HashMap<>();
    private String block = "graph";
    private Match match;
    private int firstOperator;
    /** What the next verb reads: the match's activation inputs, then the previous verb's result. */
    private List<String> reads = List.of();

    Emitter(Graph graph, WorkloadSpec spec) {
        this.graph = graph;
        this.spec = spec;
    }

    List<Operator> operators() {
        return List.copyOf(operators);
    }

    /** Starts emitting {@code m}: its first verb reads its activation inputs. */
    void begin(Match m) {
        match = m;
        firstOperator = operators.size();
        reads = m.inputs().stream().filter(graph::isActivation).map(this::tensor).toList();
        if (m.anchor().opType().equals("Concat")) {
            // a class token's operator writes the token once per image, next to the tokens it joins
            reads = reads.stream().map(r -> dev.weft.workload.Graph.rows(r, "prepended_to")).toList();
        }
    }

    /**
     * Ends the match: its last operator's output takes the name of the match's output value;
     * where that operator writes fewer elements than the value holds (a reduction written at
     * full width, a class token joined to the patches), the value is a view of it instead. A
     * match without operators passes its first activation input on: whole through a reshape,
     * a slice per output through a split, some rows through a slice or gather.
     */
    void end() {
        List<String> outputs = match.outputs().stream().filter(o -> !o.isEmpty()).toList();
        if (outputs.isEmpty() || reads.isEmpty()) {
            return;
        }
        if (operators.size() == firstOperator) {
            String source = reads.get(0);
            String opType = match.anchor().opType();
            for (String output : outputs) {
                tensors.put(output, switch (opType) {
                    case "Split" -> dev.weft.workload.Graph.part(source, output);
                    case "Slice", "Gather" -> dev.weft.workload.Graph.rows(source, opType);
                    default -> source;
                });
            }
            return;
        }
        Operator last = operators.get(operators.size() - 1);
        String written = last.output().name();
        String value = outputs.get(0);
        Value shape = graph.value(value);
        if (match.anchor().opType().equals("Concat")) {
            // the learned class token goes before the tokens it joins
            List<String> joined = new ArrayList<>(List.of(written));
            match.inputs().stream().filter(graph::isActivation).map(this::tensor).forEach(joined::add);
            tensors.put(value, dev.weft.workload.Graph.concat(joined.toArray(String[]::new)));
        } else if (shape != null && shape.elements() != last.output().elements(last.dimSizes())) {
            tensors.put(value, dev.weft.workload.Graph.rows(written, match.anchor().opType()));
        } else {
            String renamed = safe(value);
            List<TensorSpec> specs = last.tensors().stream().map(t -> t.role() == TensorRole.OUTPUT
                    ? new TensorSpec(renamed, t.role(), t.axes(), t.dtype(), t.format()) : t).toList();
            operators.set(operators.size() - 1, new Operator(last.name(), last.op(), last.block(), last.dims(), specs,
                    last.compute(), last.kind()));
            tensors.put(value, renamed);
        }
    }

    /** The workload tensor an ONNX value is. */
    private String tensor(String value) {
        return tensors.getOrDefault(value, safe(value));
    }

    /** The {@code i}-th activation the current verb reads. */
    private String in(int i) {
        if (i >= reads.size()) {
            throw new IllegalStateException(match.anchor().label() + " reads " + reads.size()
                    + " activations, its operator needs " + (i + 1));
        }
        return reads.get(i);
    }

    /**
     * A name without the characters that {@link dev.weft.workload.Graph} reads as views; the
     * importer's own operator names use {@code #} to tell repeats apart.
     */
    private static String safe(String name) {
        return name.replace('#', '~').replace('@', '~').replace('&', '~');
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
                g -> g.linear(name, block, in(0), rows, in, out, bias != null, name + ".weight", format));
    }

    void attention(Node anchor, long batch, long heads, long queries, long keys, long headDim) {
        String name = name(anchor);
        // after a fused QKV projection the one activation holds all three
        AttentionLowering.Operands operands = reads.size() == 1
                ? AttentionLowering.Operands.of(dev.weft.workload.Graph.part(in(0), "q"),
                        dev.weft.workload.Graph.part(in(0), "k"), dev.weft.workload.Graph.part(in(0), "v"))
                : AttentionLowering.Operands.of(in(0), in(1), in(2));
        build(spec.dtype(), List.of(), g -> AttentionLowering.lower(g, name, block, spec, spec.attention(),
                AttentionCore.multiHead(batch, heads, queries, keys, headDim), operands));
    }

    void batchedMatmul(Node anchor, long batch, long m, long n, long k) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.batchedMatmul(name, "matmul", block, in(0), in(1), batch, 1, m, n, k,
                new Compute.Mac(g.dtype())));
    }

    void conv2d(Node anchor, long batch, long in, long out, long height, long width, long kernel, long stride, long pad,
                Weight weight, Weight bias) {
        String name = name(anchor, weight, bias);
        build(dtypeFor(weight), weights(weight, bias), g -> g.conv2d(name, block, in(0), batch, in, out, height, width,
                kernel, stride, pad, bias != null));
    }

    void depthwiseConv2d(Node anchor, long batch, long channels, long height, long width, long kernel, long stride,
                         long pad, Weight weight, Weight bias) {
        String name = name(anchor, weight, bias);
        build(dtypeFor(weight), weights(weight, bias), g -> g.depthwiseConv2d(name, block, in(0), batch, channels,
                height, width, kernel, stride, pad, bias != null));
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
        build(spec.dtype(), params, g -> g.vector(name, op, block, in(0), rows, cols, muls, adds, nonlinear,
                labels));
    }

    void layerNorm(Node anchor, long rows, long cols, Weight gamma, Weight beta) {
        if (gamma != null && beta != null) {
            String name = name(anchor, gamma, beta);
            build(spec.dtype(), List.of(gamma, beta), g -> g.layerNorm(name, block, in(0), rows, cols));
        } else {
            // the zoo's LayerNorm counts: mean, variance, normalise, scale and shift
            vector(anchor, "layernorm", rows, cols, 3, 4, 1.0 / cols,
                    weights(gamma, beta));
        }
    }

    void rmsNorm(Node anchor, long rows, long cols, Weight gamma) {
        String name = name(anchor, gamma);
        build(spec.dtype(), List.of(gamma), g -> g.rmsNorm(name, block, in(0), rows, cols));
    }

    void gelu(Node anchor, long rows, long cols, List<Weight> params) {
        if (params.isEmpty()) {
            String name = name(anchor);
            build(spec.dtype(), List.of(), g -> g.gelu(name, block, in(0), rows, cols));
        } else {
            // the zoo's GELU counts, with the bias a fused operator folds in preloaded
            vector(anchor, "gelu", rows, cols, 5, 2, 1, params);
        }
    }

    /** The sum of two activations (a residual connection), as the zoo's. */
    void residualAdd(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.residualAdd(name, block, in(0), in(1), rows, cols));
    }

    /** The product of two activations (a gate), as the zoo's. */
    void multiply(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.multiply(name, block, in(0), in(1), rows, cols));
    }

    void softmax(Node anchor, long rows, long cols) {
        String name = name(anchor);
        build(spec.dtype(), List.of(), g -> g.softmax(name, block, in(0), rows, cols));
    }

    void embedding(Node anchor, long rows, long vocab, long hidden, Weight table) {
        String name = name(anchor, table);
        build(spec.dtype(), List.of(table), g -> g.embedding(name, block, in(0), rows, vocab, hidden,
                name + ".table"));
    }

    void addLearned(Node anchor, long rows, long cols, long tableRows, Weight table) {
        String name = name(anchor, table);
        build(spec.dtype(), List.of(table), g -> g.addLearned(name, block, in(0), rows, cols, tableRows));
    }

    long elements(Weight weight) {
        return graph.initializers().get(weight.initializer()).getDimsList().stream().reduce(1L, Math::multiplyExact);
    }

    private static List<Weight> weights(Weight... weights) {
        return Arrays.stream(weights).filter(Objects::nonNull).toList();
    }

    /**
     * Builds with a fresh builder, then names each weight after its initializer, in order, and
     * each activation the builder named after an operator without the view characters; the
     * next verb of the match reads the result.
     */
    private void build(DType dtype, List<Weight> weights, Consumer<GraphBuilder> verb) {
        GraphBuilder g = new GraphBuilder(dtype, spec.sparsity());
        verb.accept(g);
        int next = 0;
        Map<String, String> written = new HashMap<>();
        for (Operator op : g.operators()) {
            List<TensorSpec> specs = new ArrayList<>();
            for (TensorSpec t : op.tensors()) {
                if (t.role() == TensorRole.WEIGHT) {
                    Weight w = weights.get(next++);
                    t = new TensorSpec(w.initializer(), TensorRole.WEIGHT, t.axes(), t.dtype(), t.format());
                } else if (t.role() == TensorRole.OUTPUT) {
                    written.put(t.name(), safe(t.name()));
                    t = new TensorSpec(safe(t.name()), t.role(), t.axes(), t.dtype(), t.format());
                } else {
                    t = new TensorSpec(renamed(t.name(), written), t.role(), t.axes(), t.dtype(), t.format());
                }
                specs.add(t);
            }
            operators.add(new Operator(op.name(), op.op(), op.block(), op.dims(), specs, op.compute(), op.kind()));
        }
        reads = List.of(operators.get(operators.size() - 1).output().name());
    }

    /** An operand that reads {@code written}'s tensors (or views of them) under their new names. */
    private static String renamed(String operand, Map<String, String> written) {
        for (Map.Entry<String, String> w : written.entrySet()) {
            String raw = w.getKey();
            if (operand.equals(raw) || operand.startsWith(raw + "@") || operand.startsWith(raw + "#")) {
                return w.getValue() + operand.substring(raw.length());
            }
        }
        return operand;
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
