package dev.weft.workload;

import dev.weft.arch.ArrayDim;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A 2-D convolution in the loop-nest dimensions {@code b, m, n, k, p, q, r, s}
 * ({@link ArrayDim#LOOP_DIMS}): its groups as {@code b}, batch as {@code m}, output channels as
 * {@code n}, input channels as {@code k}, output rows and columns as {@code p, q}, kernel rows and
 * columns as {@code r, s}. The input's rows are {@code stride*p + r} (columns likewise), which
 * makes its tiles windows; the mapper's cost model and the simulator read a convolution
 * through this one record.
 *
 * @param sizes      extents in the order of {@link ArrayDim#LOOP_DIMS}
 * @param strides    the input's stride along its rows and columns
 * @param inputSizes the input's rows and columns as the operator spans them
 */
public record ConvolutionLoops(long[] sizes, long[] strides, long[] inputSizes) {

    public ConvolutionLoops {
        sizes = sizes.clone();
        strides = strides.clone();
        inputSizes = inputSizes.clone();
    }

    /**
     * The zoo's convolutions (GraphBuilder.conv2d and depthwiseConv2d, and the ONNX importer's,
     * which builds them): dense, or depthwise with the channels as groups.
     */
    private static final Map<String, Map<String, String>> SLOTS = Map.of(
            "conv2d", Map.of("N", "m", "K", "n", "C", "k", "P", "p", "Q", "q", "R", "r", "S", "s"),
            "dwconv2d", Map.of("N", "m", "C", "b", "P", "p", "Q", "q", "R", "r", "S", "s"));

    /** The operator's loops, if it is a 2-D convolution. */
    public static Optional<ConvolutionLoops> of(Operator operator) {
        Map<String, String> slots = SLOTS.get(operator.op());
        if (slots == null) {
            return Optional.empty();
        }
        long[] sizes = new long[ArrayDim.LOOP_DIMS.size()];
        java.util.Arrays.fill(sizes, 1);
        for (Dim dim : operator.dims()) {
            sizes[ArrayDim.LOOP_DIMS.indexOf(slots.get(dim.name()))] = dim.size();
        }
        List<Axis> axes = operator.operands().get(0).axes();
        long[] strides = new long[2];
        long[] inputSizes = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            Axis window = axes.get(axes.size() - 2 + axis);
            strides[axis] = window.terms().get(0).coefficient();
            inputSizes[axis] = window.extent(operator.dimSizes());
        }
        return Optional.of(new ConvolutionLoops(sizes, strides, inputSizes));
    }

    /** Multiply-accumulates: every point of the loop nest. */
    public double macs() {
        double product = 1;
        for (long size : sizes) {
            product *= size;
        }
        return product;
    }
}
