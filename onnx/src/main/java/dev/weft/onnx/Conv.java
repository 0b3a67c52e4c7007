package dev.weft.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution, dense (groups = 1) or depthwise (groups = channels), as the zoo's patch
 * embeddings and PVT's MLP use them. Other group counts, dilations, uneven strides or pads
 * are refused by name rather than costed wrongly.
 */
final class Conv implements OpHandler {

    @Override
    public List<Value> infer(Node node, List<Value> in, Graph graph) {
        Value x = in.get(0);
        Value w = in.get(1);
        int spatial = x.rank() - 2;
        long[] strides = attr(node, "strides", spatial, 1);
        long[] dilations = attr(node, "dilations", spatial, 1);
        long[] pads = attr(node, "pads", 2 * spatial, 0);
        String autoPad = node.attr("auto_pad") == null ? "NOTSET" : node.attr("auto_pad").getS().toStringUtf8();
        long[] shape = new long[x.rank()];
        shape[0] = x.shape()[0];
        shape[1] = w.shape()[0];
        for (int i = 0; i < spatial; i++) {
            long size = x.shape()[i + 2];
            long kernel = dilations[i] * (w.shape()[i + 2] - 1) + 1;
            shape[i + 2] = autoPad.startsWith("SAME") ? (size + strides[i] - 1) / strides[i]
                    : (size + pads[i] + pads[i + spatial] - kernel) / strides[i] + 1;
        }
        return List.of(Value.activation(shape, x.type()));
    }

    private static long[] attr(Node node, String name, int length, long fallback) {
        long[] v = node.longsAttr(name);
        if (v == null || v.length == 0) {
            v = new long[length];
            Arrays.fill(v, fallback);
        }
        return v;
    }

    @Override
    public Match plan(Node node, Graph graph) {
        Value x = graph.value(node.input(0));
        Value w = graph.value(node.input(1));
        Weight weight = graph.weight(node.input(1));
        Weight bias = node.hasInput(2) ? graph.weight(node.input(2)) : null;
        long[] strides = attr(node, "strides", 2, 1);
        long[] dilations = attr(node, "dilations", 2, 1);
        long[] pads = attr(node, "pads", 4, 0);
        long groups = node.longAttr("group", 1);
        boolean square = x.rank() == 4 && w.shape()[2] == w.shape()[3] && strides[0] == strides[1]
                && dilations[0] == 1 && dilations[1] == 1
                && pads[0] == pads[1] && pads[1] == pads[2] && pads[2] == pads[3]
                && node.attr("auto_pad") == null;
        long channels = x.shape().length > 1 ? x.shape()[1] : 0;
        if (weight == null || !square || (groups != 1 && groups != channels)) {
            throw Shapes.unsupported(graph, node, "only 2-D convolutions with a learned square kernel, equal strides, "
                    + "even padding, no dilation and 1 or C groups are costed", "export the convolution in that form");
        }
        long batch = x.shape()[0];
        long height = x.shape()[2];
        long width = x.shape()[3];
        long kernel = w.shape()[2];
        List<String> reads = List.of(node.input(0));
        if (groups == 1) {
            return new Match(node, List.of(node), reads, node.outputs(), e -> e.conv2d(node, batch, channels,
                    w.shape()[0], height, width, kernel, strides[0], pads[0], weight, bias));
        }
        return new Match(node, List.of(node), reads, node.outputs(), e -> e.depthwiseConv2d(node, batch, channels,
                height, width, kernel, strides[0], pads[0], weight, bias));
    }
}
