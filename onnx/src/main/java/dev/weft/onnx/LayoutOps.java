package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Operators that only move, view or describe data. They cost no compute (the zoo counts none
 * for a reshape or a transpose); their outputs are computed at import time when their inputs
 * are known, which is how the exporter's shape arithmetic (Shape, Gather, Concat into a
 * Reshape) disappears. A view of a weight stays that weight.
 */
final class LayoutOps {
    private LayoutOps() {
    }

    /** The output elements of {@code shape}, each read from {@code source(flat output index)} of {@code data}. */
    static double[] remap(double[] data, long[] shape, LongUnaryOperator source) {
        if (data == null) {
            return null;
        }
        long n = Shapes.product(shape, 0, shape.length);
        if (n > Value.FOLD_LIMIT) {
            return null;
        }
        double[] out = new double[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[(int) source.applyAsLong(i)];
        }
        return out;
    }

    /** Identity, Dropout in inference: the input passes through (Dropout's mask output is never read). */
    static final class PassThrough implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            List<Value> out = new ArrayList<>();
            out.add(in.get(0));
            for (int i = 1; i < node.outputs().size(); i++) {
                out.add(Value.activation(in.get(0).shape(), ElementType.BOOL));
            }
            return out;
        }
    }

    static final class Cast implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            int to = node.opType().equals("CastLike") ? in.get(1).type() : (int) node.longAttr("to", x.type());
            return List.of(new Value(x.shape(), to, Shapes.ofType(x.data(), to), x.weight()));
        }
    }

    static final class Shape implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            long[] shape = in.get(0).shape();
            int start = Shapes.axis(node.longAttr("start", 0), shape.length);
            int end = node.attr("end") == null ? shape.length : Shapes.axis(node.longAttr("end", 0), shape.length);
            start = Math.max(0, Math.min(start, shape.length));
            end = Math.max(start, Math.min(end, shape.length));
            double[] data = Arrays.stream(Arrays.copyOfRange(shape, start, end)).asDoubleStream().toArray();
            return List.of(Value.constant(new long[] {data.length}, ElementType.INT64, data));
        }
    }

    static final class Constant implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            OnnxMl.AttributeProto value = node.attr("value");
            if (value != null) {
                OnnxMl.TensorProto t = value.getT();
                long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
                return List.of(Value.constant(shape, t.getDataType(), graph.file().data(t)));
            }
            OnnxMl.AttributeProto a;
            if ((a = node.attr("value_float")) != null) {
                return List.of(Value.constant(new long[0], ElementType.FLOAT, new double[] {a.getF()}));
            }
            if ((a = node.attr("value_int")) != null) {
                return List.of(Value.constant(new long[0], ElementType.INT64, new double[] {a.getI()}));
            }
            if ((a = node.attr("value_floats")) != null) {
                double[] d = a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
                return List.of(Value.constant(new long[] {d.length}, ElementType.FLOAT, d));
            }
            if ((a = node.attr("value_ints")) != null) {
                double[] d = a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray();
                return List.of(Value.constant(new long[] {d.length}, ElementType.INT64, d));
            }
            throw Shapes.unsupported(graph, node, "a constant of a kind the importer does not read",
                    "export constants as tensors (value=)");
        }
    }

    static final class ConstantOfShape implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            long[] shape = Shapes.knownInput(graph, node, in.get(0), "its shape");
            OnnxMl.AttributeProto value = node.attr("value");
            int type = value == null ? ElementType.FLOAT : value.getT().getDataType();
            double fill = 0;
            if (value != null) {
                double[] d = graph.file().data(value.getT());
                fill = d == null || d.length == 0 ? 0 : d[0];
            }
            long n = Shapes.product(shape, 0, shape.length);
            double[] data = null;
            if (n <= Value.FOLD_LIMIT) {
                data = new double[(int) n];
                Arrays.fill(data, fill);
            }
            return List.of(new Value(shape, type, data, null));
        }
    }

    static final class Reshape implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] target = Shapes.knownInput(graph, node, in.get(1), "its target shape").clone();
            boolean allowZero = node.longAttr("allowzero", 0) == 1;
            int unknown = -1;
            long known = 1;
            for (int i = 0; i < target.length; i++) {
                if (target[i] == 0 && !allowZero) {
                    target[i] = x.shape()[i];
                }
                if (target[i] == -1) {
                    unknown = i;
                } else {
                    known *= target[i];
                }
            }
            if (unknown >= 0) {
                target[unknown] = x.elements() / Math.max(1, known);
            }
            return List.of(x.withShape(target));
        }
    }

    static final class Flatten implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            int axis = Shapes.axis(node.longAttr("axis", 1), x.rank());
            return List.of(x.withShape(new long[] {Shapes.product(x.shape(), 0, axis),
                    Shapes.product(x.shape(), axis, x.rank())}));
        }
    }

    static final class Transpose implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            int rank = x.rank();
            long[] perm = node.longsAttr("perm");
            if (perm == null) {
                perm = new long[rank];
                for (int i = 0; i < rank; i++) {
                    perm[i] = rank - 1 - i;
                }
            }
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = x.shape()[(int) perm[i]];
            }
            long[] outStrides = Shapes.strides(shape);
            long[] inStrides = Shapes.strides(x.shape());
            long[] p = perm;
            double[] data = remap(x.data(), shape, flat -> {
                long index = 0;
                for (int i = 0; i < rank; i++) {
                    index += (flat / outStrides[i]) % shape[i] * inStrides[(int) p[i]];
                }
                return index;
            });
            return List.of(new Value(shape, x.type(), data, x.weight()));
        }
    }

    /** Squeeze and Unsqueeze: axes as an attribute (opset 11) or an input (opset 13). */
    static final class Squeeze implements OpHandler {
        private final boolean unsqueeze;

        Squeeze(boolean unsqueeze) {
            this.unsqueeze = unsqueeze;
        }

        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] axes = node.longsAttr("axes");
            if (axes == null && in.size() > 1 && in.get(1) != null) {
                axes = Shapes.knownInput(graph, node, in.get(1), "its axes");
            }
            List<Long> shape = new ArrayList<>(Arrays.stream(x.shape()).boxed().toList());
            if (unsqueeze && axes == null) {
                throw Shapes.unsupported(graph, node, "no axes to insert", "check the graph with onnx.checker");
            }
            if (unsqueeze) {
                int rank = x.rank() + axes.length;
                long[] sorted = Arrays.stream(axes).map(a -> Shapes.axis(a, rank)).sorted().toArray();
                for (long a : sorted) {
                    shape.add((int) a, 1L);
                }
            } else if (axes == null) {
                shape.removeIf(d -> d == 1);
            } else {
                long[] sorted = Arrays.stream(axes).map(a -> Shapes.axis(a, x.rank())).sorted().toArray();
                for (int i = sorted.length - 1; i >= 0; i--) {
                    shape.remove((int) sorted[i]);
                }
            }
            return List.of(x.withShape(shape.stream().mapToLong(Long::longValue).toArray()));
        }
    }

    static final class Expand implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] target = Shapes.knownInput(graph, node, in.get(1), "its target shape");
            long[] shape = Shapes.broadcast(x.shape(), target);
            if (shape == null) {
                throw Shapes.mismatch(graph, node, "shape " + Arrays.toString(x.shape()) + " does not broadcast to "
                        + Arrays.toString(target));
            }
            double[] data = remap(x.data(), shape, flat -> Shapes.broadcastIndex(flat, shape, x.shape()));
            return List.of(new Value(shape, x.type(), data, x.weight()));
        }
    }

    static final class Concat implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value first = in.get(0);
            int axis = Shapes.axis(node.longAttr("axis", 0), first.rank());
            long[] shape = first.shape().clone();
            shape[axis] = in.stream().mapToLong(v -> v.shape()[axis]).sum();
            double[] data = null;
            if (in.stream().allMatch(Value::known)) {
                long inner = Shapes.product(shape, axis + 1, shape.length);
                long outer = Shapes.product(shape, 0, axis);
                List<Double> all = new ArrayList<>();
                for (long o = 0; o < outer; o++) {
                    for (Value v : in) {
                        long block = v.shape()[axis] * inner;
                        for (long j = 0; j < block; j++) {
                            all.add(v.data()[(int) (o * block + j)]);
                        }
                    }
                }
                data = all.stream().mapToDouble(Double::doubleValue).toArray();
            }
            return List.of(Value.constant(shape, first.type(), data));
        }

        /** A learned tensor concatenated to activations (ViT's class token) is a parameter costing nothing. */
        @Override
        public Match plan(Node node, Graph graph) {
            List<Weight> learned = new ArrayList<>();
            Value out = graph.value(node.output());
            long rows = 0;
            for (String input : node.inputs()) {
                Value v = graph.value(input);
                if (v != null && v.weight() != null) {
                    learned.add(v.weight());
                    rows += v.rows();
                }
            }
            if (learned.isEmpty()) {
                return Match.of(node, Match.NOTHING);
            }
            long tokenRows = rows;
            return Match.of(node, e -> e.vector(node, "concat", tokenRows, out.cols(), 0, 0, 0, learned));
        }
    }

    static final class Split implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            int axis = Shapes.axis(node.longAttr("axis", 0), x.rank());
            int parts = node.outputs().size();
            long[] sizes = node.longsAttr("split");
            if (sizes == null && in.size() > 1 && in.get(1) != null) {
                sizes = Shapes.knownInput(graph, node, in.get(1), "its split sizes");
            }
            if (sizes == null) {
                long each = (x.shape()[axis] + parts - 1) / parts;
                sizes = new long[parts];
                for (int i = 0; i < parts; i++) {
                    sizes[i] = Math.min(each, x.shape()[axis] - each * i);
                }
            }
            List<Value> out = new ArrayList<>();
            long start = 0;
            for (long size : sizes) {
                out.add(slice(x, axis, start, size));
                start += size;
            }
            return out;
        }
    }

    /** Elements {@code start .. start+size-1} of one axis. */
    static Value slice(Value x, int axis, long start, long size) {
        long[] shape = x.shape().clone();
        shape[axis] = size;
        return stepSlice(x, new long[] {axis}, new long[] {start}, new long[] {1}, shape);
    }

    static Value stepSlice(Value x, long[] axes, long[] starts, long[] steps, long[] shape) {
        long[] outStrides = Shapes.strides(shape);
        long[] inStrides = Shapes.strides(x.shape());
        double[] data = remap(x.data(), shape, flat -> {
            long index = 0;
            for (int i = 0; i < shape.length; i++) {
                long c = (flat / outStrides[i]) % shape[i];
                for (int a = 0; a < axes.length; a++) {
                    if (axes[a] == i) {
                        c = starts[a] + c * steps[a];
                    }
                }
                index += c * inStrides[i];
            }
            return index;
        });
        return new Value(shape, x.type(), data, null);
    }

    static final class Slice implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] starts = node.longsAttr("starts");
            long[] ends = node.longsAttr("ends");
            long[] axes = node.longsAttr("axes");
            long[] steps = null;
            if (starts == null) {
                starts = Shapes.knownInput(graph, node, in.get(1), "its starts");
                ends = Shapes.knownInput(graph, node, in.get(2), "its ends");
                axes = optional(graph, node, in, 3, "its axes");
                steps = optional(graph, node, in, 4, "its steps");
            }
            long[] shape = x.shape().clone();
            long[] axisList = new long[starts.length];
            long[] first = new long[starts.length];
            long[] stepList = new long[starts.length];
            for (int i = 0; i < starts.length; i++) {
                int axis = Shapes.axis(axes == null ? i : axes[i], x.rank());
                long dim = x.shape()[axis];
                long step = steps == null ? 1 : steps[i];
                long low = step > 0 ? 0 : -1;
                long high = step > 0 ? dim : dim - 1;
                long s = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], low, high);
                long e = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], low, high);
                shape[axis] = Math.max(0, step > 0 ? (e - s + step - 1) / step : (s - e - step - 1) / -step);
                axisList[i] = axis;
                first[i] = s;
                stepList[i] = step;
            }
            return List.of(stepSlice(x, axisList, first, stepList, shape));
        }

        private static long[] optional(Graph graph, Node node, List<Value> in, int index, String what) {
            return in.size() > index && in.get(index) != null ? Shapes.knownInput(graph, node, in.get(index), what)
                    : null;
        }

        private static long clamp(long v, long low, long high) {
            return Math.max(low, Math.min(high, v));
        }
    }

    static final class Gather implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            Value indices = in.get(1);
            int axis = Shapes.axis(node.longAttr("axis", 0), x.rank());
            long[] shape = new long[x.rank() - 1 + indices.rank()];
            System.arraycopy(x.shape(), 0, shape, 0, axis);
            System.arraycopy(indices.shape(), 0, shape, axis, indices.rank());
            System.arraycopy(x.shape(), axis + 1, shape, axis + indices.rank(), x.rank() - axis - 1);
            double[] data = null;
            if (x.known() && indices.known()) {
                long inner = Shapes.product(x.shape(), axis + 1, x.rank());
                long count = indices.elements();
                long dim = x.shape()[axis];
                data = remap(x.data(), shape, flat -> {
                    long o = flat / (count * inner);
                    long k = (long) indices.data()[(int) (flat / inner % count)];
                    return (o * dim + (k < 0 ? k + dim : k)) * inner + flat % inner;
                });
            }
            return List.of(Value.constant(shape, x.type(), data));
        }

        /** A row lookup in a learned table is an embedding; on activations (x[:, 0]) it only selects. */
        @Override
        public Match plan(Node node, Graph graph) {
            Weight table = graph.weight(node.input(0));
            Value tableValue = graph.value(node.input(0));
            if (table == null || tableValue.rank() != 2 || node.longAttr("axis", 0) != 0) {
                return Match.of(node, Match.NOTHING);
            }
            long rows = graph.value(node.input(1)).elements();
            return new Match(node, List.of(node), List.of(node.input(1)), node.outputs(),
                    e -> e.embedding(node, rows, tableValue.shape()[0], tableValue.shape()[1], table));
        }
    }

    static final class Range implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            double start = in.get(0).data() == null ? Double.NaN : in.get(0).data()[0];
            double limit = in.get(1).data() == null ? Double.NaN : in.get(1).data()[0];
            double delta = in.get(2).data() == null ? Double.NaN : in.get(2).data()[0];
            if (Double.isNaN(start + limit + delta)) {
                throw Shapes.unsupported(graph, node, "its bounds are not known at import time",
                        "export with dynamic axes only on batch, sequence and image size");
            }
            int n = (int) Math.max(0, Math.ceil((limit - start) / delta));
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = start + i * delta;
            }
            return List.of(Value.constant(new long[] {n}, in.get(0).type(), data));
        }
    }
}
