package dev.weft.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workload's operators as a dataflow graph: each activation an operator reads names the
 * tensor that feeds it, the output of an earlier operator or an input of the graph.
 *
 * <p>An operand's name says how it reads its source. A plain name reads the whole tensor.
 * {@code src#part} reads a slice of it (the query columns of a fused QKV projection, Mamba's
 * x and z halves); the slices of one tensor together hold no more than it does.
 * {@code src@how} reads some of its rows, selected, repeated, regrouped or reduced (the first
 * or last token, a mean over rows, a row sum that its operator lists at full width), so its
 * size is free; {@code src@[index]} does so by the row indices another operator computed (the
 * tokens a pruner keeps, the token slots routed to experts), and reads that tensor too.
 * {@code a&b} reads tensors one after the other as one (the class token before the patches,
 * the KV cache before the new key). A window operand (a convolution's input) is as large as
 * its output positions times the stride: the padding it reads is not part of the tensor.
 * Sizes are checked where they are known: a whole tensor, a concatenation of whole tensors,
 * and the slices of one tensor.
 */
public final class Graph {
    private static final String PART = "#";
    private static final String ROWS = "@";
    private static final String CONCAT = "&";

    private final Workload workload;
    private final Map<String, Operator> producers = new LinkedHashMap<>();
    private final Map<String, List<Operator>> consumers = new LinkedHashMap<>();

    private Graph(Workload workload) {
        this.workload = workload;
        for (Operator operator : workload.operators()) {
            String out = operator.output().name();
            if (producers.put(out, operator) != null) {
                throw new IllegalArgumentException(workload.model() + ": tensor " + out + " produced twice");
            }
        }
        for (Operator operator : workload.operators()) {
            for (TensorSpec input : activations(operator)) {
                for (String source : sources(input.name())) {
                    consumers.computeIfAbsent(source, s -> new ArrayList<>()).add(operator);
                }
            }
        }
    }

    public static Graph of(Workload workload) {
        return new Graph(workload);
    }

    /** A slice of {@code tensor}'s elements, told apart from its other slices by {@code part}. */
    public static String part(String tensor, String part) {
        return tensor + PART + part;
    }

    /** Some rows of {@code tensor}, selected, repeated or regrouped as {@code how} says. */
    public static String rows(String tensor, String how) {
        return tensor + ROWS + how;
    }

    /** The rows of {@code tensor} that the row indices in tensor {@code index} pick. */
    public static String gather(String tensor, String index) {
        return tensor + ROWS + "[" + index + "]";
    }

    /** The tensors read one after the other as one. */
    public static String concat(String... tensors) {
        return String.join(CONCAT, tensors);
    }

    /** The tensors an operand name reads from, in order, row indices included. */
    public static List<String> sources(String operand) {
        List<String> sources = new ArrayList<>();
        for (String view : operand.split(CONCAT)) {
            sources.add(source(view));
            String index = index(view);
            if (index != null) {
                sources.add(index);
            }
        }
        return sources;
    }

    private static String index(String view) {
        int open = view.indexOf(ROWS + "[");
        return open < 0 || !view.endsWith("]") ? null : view.substring(open + 2, view.length() - 1);
    }

    private static String source(String view) {
        int part = view.indexOf(PART);
        int rows = view.indexOf(ROWS);
        int cut = part < 0 ? rows : rows < 0 ? part : Math.min(part, rows);
        return cut < 0 ? view : view.substring(0, cut);
    }

    /** Activation operands (weights are parameters, not edges). */
    public static List<TensorSpec> activations(Operator operator) {
        return operator.tensors().stream().filter(t -> t.role() == TensorRole.INPUT).toList();
    }

    public Operator producer(String tensor) {
        return producers.get(tensor);
    }

    public List<Operator> consumers(String tensor) {
        return Collections.unmodifiableList(consumers.getOrDefault(tensor, List.of()));
    }

    /** Tensors that operators read but none produces: token ids, pixels, cache reads. */
    public Set<String> inputs() {
        Set<String> inputs = new LinkedHashSet<>();
        for (String tensor : consumers.keySet()) {
            if (!producers.containsKey(tensor)) {
                inputs.add(tensor);
            }
        }
        return inputs;
    }

    /** Tensors that operators produce but none reads: the model's results. */
    public Set<String> outputs() {
        Set<String> outputs = new LinkedHashSet<>();
        for (String tensor : producers.keySet()) {
            if (!consumers.containsKey(tensor)) {
                outputs.add(tensor);
            }
        }
        return outputs;
    }

    /**
     * Everything wrong with the graph, one line each: an operand read before its producer
     * runs (the operator list is then no topological order), and links whose sizes disagree.
     * Empty for a well-formed graph.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        List<Operator> operators = workload.operators();
        for (int i = 0; i < operators.size(); i++) {
            position.put(operators.get(i).output().name(), i);
        }
        Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
        for (int i = 0; i < operators.size(); i++) {
            Operator operator = operators.get(i);
            for (TensorSpec input : activations(operator)) {
                String[] views = input.name().split(CONCAT);
                for (String view : views) {
                    for (String source : sources(view)) {
                        Integer at = position.get(source);
                        if (at != null && at >= i) {
                            problems.add(operator.name() + " reads " + source + " before " + producer(source).name()
                                    + " produces it");
                        }
                    }
                }
                long read = nominalElements(input, operator);
                if (views.length == 1 && producers.containsKey(source(views[0]))) {
                    String view = views[0];
                    long whole = elements(producer(source(view)));
                    if (view.contains(PART)) {
                        Long before = parts.computeIfAbsent(source(view), s -> new LinkedHashMap<>()).put(view, read);
                        if (before != null && before != read) {
                            problems.add(operator.name() + " reads " + read + " elements of " + view
                                    + ", another reader " + before);
                        }
                    } else if (!view.contains(ROWS) && whole != read) {
                        problems.add(operator.name() + " reads " + read + " elements of " + view + ", which holds "
                                + whole);
                    }
                } else if (views.length > 1 && Arrays.stream(views).allMatch(this::isWhole)) {
                    long produced = Arrays.stream(views).mapToLong(v -> elements(producer(v))).sum();
                    if (produced != read) {
                        problems.add(operator.name() + " reads " + read + " elements of " + input.name()
                                + ", which hold " + produced);
                    }
                }
            }
        }
        parts.forEach((source, views) -> {
            long sum = views.values().stream().mapToLong(Long::longValue).sum();
            long whole = elements(producer(source));
            if (sum > whole) {
                problems.add("slices " + views.keySet() + " read " + sum + " elements of " + source
                        + ", which holds " + whole);
            }
        });
        return problems;
    }

    /** A view of a whole produced tensor, whose size is known. */
    private boolean isWhole(String view) {
        return producers.containsKey(view);
    }

    private static long elements(Operator producer) {
        return producer.output().elements(producer.dimSizes());
    }

    /** Elements of an operand without the padding of its window axes. */
    private static long nominalElements(TensorSpec operand, Operator operator) {
        Map<String, Long> sizes = operator.dimSizes();
        long product = 1;
        for (Axis axis : operand.axes()) {
            Axis.Term outer = axis.terms().get(0);
            product *= axis.terms().size() == 1 ? axis.extent(sizes) : outer.coefficient() * sizes.get(outer.dim());
        }
        return product;
    }
}
