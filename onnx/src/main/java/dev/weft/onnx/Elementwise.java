package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Point-wise arithmetic with NumPy broadcasting. Folded at import time when every input is
 * known; otherwise one vector operator over the output, counted per element as the zoo
 * counts: a sum or comparison is an addition, a product a multiplication, a division or a
 * transcendental a non-linear evaluation.
 *
 * @param label     the Weft op name ({@code add}, {@code tanh}...)
 * @param fold      the arithmetic, applied left to right over the inputs (unary ops ignore the second
 *                  argument); {@code null} where Java has no such function (erf): never folded
 * @param predicate whether the result is a boolean (comparisons)
 */
record Elementwise(String label, double muls, double adds, double nonlinear, DoubleBinaryOperator fold,
                   boolean predicate) implements OpHandler {

    static Elementwise sum(String label, DoubleBinaryOperator fold) {
        return new Elementwise(label, 0, 1, 0, fold, false);
    }

    static Elementwise product(String label, DoubleBinaryOperator fold) {
        return new Elementwise(label, 1, 0, 0, fold, false);
    }

    static Elementwise nonlinear(String label, DoubleBinaryOperator fold) {
        return new Elementwise(label, 0, 0, 1, fold, false);
    }

    static Elementwise comparison(String label, DoubleBinaryOperator fold) {
        return new Elementwise(label, 0, 1, 0, fold, true);
    }

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value first = in.get(0);
        long[] shape = first.shape();
        for (Value v : in.subList(1, in.size())) {
            shape = Shapes.broadcast(shape, v.shape());
            if (shape == null) {
                throw Shapes.mismatch(graph, node, "input shapes " + in.stream().map(x -> Arrays.toString(x.shape()))
                        .toList() + " do not broadcast");
            }
        }
        int type = predicate ? ElementType.BOOL : first.type();
        double[] data;
        if (fold == null) {
            data = null;
        } else if (in.size() == 1) {
            data = first.known() ? Arrays.stream(first.data()).map(x -> fold.applyAsDouble(x, 0)).toArray()
                    : null;
        } else if (label.equals("where")) {
            type = in.get(1).type();
            data = where(shape, first, in.get(1), in.get(2));
        } else {
            data = Shapes.combine(shape, first, in.get(1), fold);
            for (int i = 2; i < in.size() && data != null; i++) {
                data = Shapes.combine(shape, Value.constant(shape, type, data), in.get(i), fold);
            }
        }
        return List.of(Value.constant(shape, type, Shapes.ofType(data, type)));
    }

    /** Where(condition, x, y), of the type of x. */
    private static double[] where(long[] shape, Value condition, Value x, Value y) {
        long n = Shapes.product(shape, 0, shape.length);
        if (!condition.known() || !x.known() || !y.known() || n > Value.FOLD_LIMIT) {
            return null;
        }
        double[] data = new double[(int) n];
        for (int i = 0; i < data.length; i++) {
            Value chosen = condition.data()[Shapes.broadcastIndex(i, shape, condition.shape())] != 0 ? x : y;
            data[i] = chosen.data()[Shapes.broadcastIndex(i, shape, chosen.shape())];
        }
        return data;
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value out = graph.value(node.output());
        boolean twoActivations = node.inputs().size() == 2 && node.inputs().stream().allMatch(graph::isActivation)
                && node.inputs().stream().allMatch(i -> Arrays.equals(graph.value(i).shape(), out.shape()));
        // the zoo's own verbs for the sum and product of two activations (residual connections, gates)
        if (twoActivations && label.equals("add")) {
            return Match.of(node, e -> e.residualAdd(node, out.rows(), out.cols()));
        }
        if (twoActivations && label.equals("mul")) {
            return Match.of(node, e -> e.multiply(node, out.rows(), out.cols()));
        }
        List<Weight> params = new ArrayList<>();
        for (String input : node.inputs()) {
            Weight w = graph.weight(input);
            if (w != null) {
                params.add(w);
            }
        }
        return Match.of(node, e -> e.vector(node, label, out.rows(), out.cols(), muls, adds, nonlinear, params));
    }
}
