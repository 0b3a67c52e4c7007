package dev.weft.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ONNX Runtime contrib operators (domain {@code com.microsoft}) that ORT's transformer
 * optimizer writes into the graphs optimum exports: fused attention, embedding and
 * normalisation layers. Each costs what the zoo's operators for the same layers cost; a bias
 * the fused operator folds in is a parameter that costs nothing, as the zoo's preloaded
 * biases are.
 */
final class ContribOps {
    private ContribOps() {
    }

    private static Weight optionalWeight(Graph graph, Node node, int input) {
        return node.hasInput(input) ? graph.weight(node.input(input)) : null;
    }

    private static List<Weight> present(Weight... weights) {
        List<Weight> list = new ArrayList<>();
        for (Weight w : weights) {
            if (w != null) {
                list.add(w);
            }
        }
        return list;
    }

    /** Attention(input, weight [h, 3h], bias [3h], mask, ...): the Q, K, V projection and the attention core. */
    static final class Attention implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] out = x.shape().clone();
            out[out.length - 1] = vWidth(node, in.get(1));
            return List.of(Value.activation(out, x.type()));
        }

        private static long vWidth(Node node, Value weight) {
            long[] sizes = node.longsAttr("qkv_hidden_sizes");
            return sizes != null && sizes.length == 3 ? sizes[2] : weight.shape()[1] / 3;
        }

        @Override
        public Match plan(Node node, Graph graph) {
            Value x = graph.value(node.input(0));
            Value w = graph.value(node.input(1));
            long[] sizes = node.longsAttr("qkv_hidden_sizes");
            if (sizes != null && sizes.length == 3 && (sizes[0] != sizes[1] || sizes[1] != sizes[2])) {
                throw Shapes.unsupported(graph, node, "Q, K and V of different widths " + Arrays.toString(sizes),
                        "export attention with equal Q, K and V widths");
            }
            if (node.hasInput(4)) {
                throw Shapes.unsupported(graph, node, "a past key/value state (decoding)",
                        "export the prefill graph, without past_key_values");
            }
            long heads = node.longAttr("num_heads", 1);
            long width = vWidth(node, w);
            long batch = x.shape()[0];
            long seq = x.shape()[1];
            Weight weight = w.weight();
            Weight bias = optionalWeight(graph, node, 2);
            return new Match(node, List.of(node), List.of(node.input(0)), node.outputs(), e -> {
                e.linear(node, batch * seq, x.cols(), w.shape()[1], weight, bias);
                e.attention(node, batch, heads, seq, seq, width / heads);
            });
        }
    }

    /** SkipLayerNormalization(input, skip, gamma, beta, bias): the residual add, then LayerNorm. */
    static final class SkipLayerNormalization implements OpHandler {
        private final boolean simplified;

        SkipLayerNormalization(boolean simplified) {
            this.simplified = simplified;
        }

        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value x = in.get(0);
            long[] stats = x.shape().clone();
            stats[stats.length - 1] = 1;
            List<Value> out = new ArrayList<>(List.of(Value.activation(x.shape(), x.type()),
                    Value.activation(stats, ElementType.FLOAT), Value.activation(stats, ElementType.FLOAT),
                    Value.activation(x.shape(), x.type())));
            return out.subList(0, node.outputs().size());
        }

        @Override
        public Match plan(Node node, Graph graph) {
            Value x = graph.value(node.input(0));
            Weight gamma = graph.weight(node.input(2));
            Weight beta = simplified ? null : optionalWeight(graph, node, 3);
            Weight bias = LinearPattern.lendsBias(graph, node) ? null : optionalWeight(graph, node, simplified ? 3 : 4);
            return new Match(node, List.of(node), List.of(node.input(0), node.input(1)), node.outputs(), e -> {
                if (bias == null) {
                    e.residualAdd(node, x.rows(), x.cols());
                } else {
                    e.vector(node, "add", x.rows(), x.cols(), 0, 1, 0, List.of(bias));
                }
                if (simplified) {
                    e.rmsNorm(node, x.rows(), x.cols(), gamma);
                } else {
                    e.layerNorm(node, x.rows(), x.cols(), gamma, beta);
                }
            });
        }
    }

    /** SimplifiedLayerNormalization (RMSNorm, as Llama's): the zoo's RMSNorm. */
    static final class SimplifiedLayerNormalization implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            return List.of(Value.activation(in.get(0).shape(), in.get(0).type()));
        }

        @Override
        public Match plan(Node node, Graph graph) {
            Value x = graph.value(node.input(0));
            Weight gamma = graph.weight(node.input(1));
            return new Match(node, List.of(node), List.of(node.input(0)), node.outputs(),
                    e -> e.rmsNorm(node, x.rows(), x.cols(), gamma));
        }
    }

    /**
     * EmbedLayerNormalization(input_ids, segment_ids, word, position, segment, gamma, beta, ...):
     * the word lookup, the learned position and segment tables, then LayerNorm.
     */
    static final class EmbedLayerNormalization implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            Value ids = in.get(0);
            Value word = in.get(2);
            long[] out = {ids.shape()[0], ids.shape()[1], word.shape()[1]};
            List<Value> values = new ArrayList<>(List.of(Value.activation(out, ElementType.FLOAT),
                    Value.activation(new long[] {ids.shape()[0]}, ElementType.INT32),
                    Value.activation(out, ElementType.FLOAT)));
            return values.subList(0, node.outputs().size());
        }

        @Override
        public Match plan(Node node, Graph graph) {
            Value ids = graph.value(node.input(0));
            Value word = graph.value(node.input(2));
            Value position = graph.value(node.input(3));
            Value segment = node.hasInput(4) ? graph.value(node.input(4)) : null;
            long rows = ids.elements();
            long hidden = word.shape()[1];
            Weight gamma = graph.weight(node.input(5));
            Weight beta = graph.weight(node.input(6));
            List<String> reads = node.hasInput(1) ? List.of(node.input(0), node.input(1)) : List.of(node.input(0));
            return new Match(node, List.of(node), reads, node.outputs(), e -> {
                e.embedding(node, rows, word.shape()[0], hidden, word.weight());
                e.addLearned(node, rows, hidden, position.shape()[0], position.weight());
                if (segment != null) {
                    e.addLearned(node, rows, hidden, segment.shape()[0], segment.weight());
                }
                e.layerNorm(node, rows, hidden, gamma, beta);
            });
        }
    }

    /** Gelu, FastGelu(x, bias) and BiasGelu(x, bias): the zoo's GELU, with the bias folded in. */
    static final class Gelu implements OpHandler {
        @Override
        public List<Value> infer(Node node, List<Value> in, Graph graph) {
            return List.of(Value.activation(in.get(0).shape(), in.get(0).type()));
        }

        @Override
        public Match plan(Node node, Graph graph) {
            Value x = graph.value(node.input(0));
            Weight bias = LinearPattern.lendsBias(graph, node) ? null : optionalWeight(graph, node, 1);
            return new Match(node, List.of(node), List.of(node.input(0)), node.outputs(),
                    e -> e.gelu(node, x.rows(), x.cols(), present(bias)));
        }
    }
}
