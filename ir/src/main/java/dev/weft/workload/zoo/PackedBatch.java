package dev.weft.workload.zoo;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Dim;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of sequences of different lengths, run two ways.
 *
 * <p><b>Padded</b>: every sequence padded to the longest, the model's graph at
 * {@code batch x longest} tokens.
 *
 * <p><b>Packed</b>, as ByteTransformer runs it (Zhai et al., IPDPS 2023, "ByteTransformer: A
 * High-Performance Transformer Boosted for Variable-Length Inputs"): the padding removed, every
 * operator outside attention runs once on the {@code sum of lengths} real tokens (the linear
 * layers' weights read once for all of them), and each sequence's attention core runs on its own
 * length, so no score involves a padded token. The packed graph is the padded one with its token
 * rows ({@code M} of size {@code batch x longest}) set to the real tokens, and each attention core
 * replaced by one core per sequence, {@code <layer>.seq<i>.core.*}, built at that sequence's length
 * and reading its rows of the packed queries, keys and values; the layer after the core reads the
 * sequences' contexts one after the other.
 */
public final class PackedBatch {
    private static final String CORE = ".core";

    private PackedBatch() {
    }

    /** The sequences padded to the longest. */
    public static Workload padded(String model, WorkloadSpec spec, List<Integer> lengths) {
        return ModelZoo.build(model, sized(spec, lengths.size(), longest(lengths)));
    }

    /** The sequences packed: real tokens only, attention per sequence. */
    public static Workload packed(String model, WorkloadSpec spec, List<Integer> lengths) {
        Workload padded = padded(model, spec, lengths);
        if (spec.phase() != Phase.PREFILL || padded.vision()) {
            throw new WeftInputException("--seq-lens", null, "packs the prompts of a language model's prefill",
                    "drop --seq-lens for " + (padded.vision() ? "vision models" : "decode"));
        }
        if (padded.operators().stream().anyMatch(o -> o.op().equals("expert_linear"))) {
            throw new WeftInputException("--seq-lens", null, padded.model() + " routes tokens to experts, which "
                    + "packing does not model", "choose a dense model");
        }
        long paddedRows = (long) lengths.size() * longest(lengths);
        long tokens = lengths.stream().mapToLong(Integer::longValue).sum();
        List<Workload> sequences = lengths.stream().map(l -> ModelZoo.build(model, sized(spec, 1, l))).toList();
        Map<String, List<String>> coreOutputs = new LinkedHashMap<>();
        List<Operator> operators = new ArrayList<>();
        for (Operator operator : padded.operators()) {
            String core = core(operator.name());
            if (core == null) {
                operators.add(packedRows(operator, paddedRows, tokens, coreOutputs));
            } else if (!coreOutputs.containsKey(core)) {
                coreOutputs.put(core, new ArrayList<>());
                for (int i = 0; i < sequences.size(); i++) {
                    operators.addAll(perSequence(sequences.get(i), core, i + 1, coreOutputs));
                }
            }
        }
        if (coreOutputs.isEmpty()) {
            throw new WeftInputException("--seq-lens", null, padded.model() + " has no attention to run per sequence",
                    "choose a model with attention");
        }
        return new Workload(padded.model(), padded.family(), false, sized(spec, 1, (int) tokens), operators,
                padded.idleParams());
    }

    private static int longest(List<Integer> lengths) {
        return lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static WorkloadSpec sized(WorkloadSpec spec, int batch, int seq) {
        return new WorkloadSpec(batch, seq, spec.image(), spec.phase(), spec.kvLength(), spec.attention(),
                spec.sparsity(), spec.dtype(), spec.hashBits(), spec.hashAnchors(), spec.spatialReduction(),
                spec.tokenReduction());
    }

    /** The attention core an operator belongs to ({@code <layer>.core}), or null. */
    private static String core(String name) {
        int at = name.lastIndexOf(CORE + ".");
        return at < 0 ? null : name.substring(0, at + CORE.length());
    }

    private static String renamed(String core, int sequence) {
        return core.substring(0, core.length() - CORE.length()) + ".seq" + sequence + CORE;
    }

    /** A sequence's core operators, renamed, reading its rows of the packed tensors. */
    private static List<Operator> perSequence(Workload sequence, String core, int index,
                                              Map<String, List<String>> coreOutputs) {
        String prefix = core + ".";
        String into = renamed(core, index) + ".";
        List<Operator> operators = new ArrayList<>();
        for (Operator operator : sequence.operators()) {
            if (!operator.name().startsWith(prefix)) {
                continue;
            }
            List<TensorSpec> tensors = new ArrayList<>();
            for (TensorSpec tensor : operator.tensors()) {
                String name = tensor.name();
                if (name.startsWith(prefix)) {
                    name = into + name.substring(prefix.length());
                } else if (tensor.role() == dev.weft.workload.TensorRole.INPUT) {
                    name = Graph.rows(name, "seq" + index);
                }
                tensors.add(new TensorSpec(name, tensor.role(), tensor.axes(), tensor.dtype(), tensor.format()));
            }
            operators.add(new Operator(into + operator.name().substring(prefix.length()), operator.op(),
                    operator.block(), operator.dims(), tensors, operator.compute(), operator.kind()));
        }
        // the sequence's context: the core output the rest of its graph reads
        Graph graph = Graph.of(sequence);
        for (Operator operator : sequence.operators()) {
            if (operator.name().startsWith(prefix) && graph.consumers(operator.output().name()).stream()
                    .anyMatch(reader -> !reader.name().startsWith(prefix))) {
                coreOutputs.get(core).add(into + operator.output().name().substring(prefix.length()));
            }
        }
        return operators;
    }

    /** An operator outside attention on the packed tokens, reading the sequences' contexts as one. */
    private static Operator packedRows(Operator operator, long paddedRows, long tokens,
                                       Map<String, List<String>> coreOutputs) {
        List<Dim> dims = operator.dims().stream()
                .map(d -> d.name().equals("M") && d.size() == paddedRows ? new Dim("M", tokens) : d).toList();
        List<TensorSpec> tensors = new ArrayList<>();
        for (TensorSpec tensor : operator.tensors()) {
            String name = tensor.name();
            for (Map.Entry<String, List<String>> core : coreOutputs.entrySet()) {
                for (String source : Graph.sources(name)) {
                    if (source.startsWith(core.getKey() + ".")) {
                        if (!source.equals(name)) {
                            throw new WeftInputException("--seq-lens", null, operator.name() + " reads the attention "
                                    + "output as " + name + ", which packing does not model (a sliding window "
                                    + "shorter than a sequence)", "give lengths within the model's window");
                        }
                        name = Graph.concat(core.getValue().toArray(String[]::new));
                    }
                }
            }
            tensors.add(new TensorSpec(name, tensor.role(), tensor.axes(), tensor.dtype(), tensor.format()));
        }
        return new Operator(operator.name(), operator.op(), operator.block(), dims, tensors, operator.compute(),
                operator.kind());
    }
}
