package dev.weft.onnx;

import java.util.Arrays;

/**
 * What the importer knows about one tensor of the graph.
 *
 * @param shape  every dimension bound (dynamic axes by {@code --batch}, {@code --seq}, {@code --image})
 * @param type   ONNX element type code ({@link ElementType})
 * @param data   the elements, row-major, when they are known at import time (shape arithmetic,
 *               small constants); {@code null} for activations and large weights. Doubles hold
 *               every integer a shape computation produces exactly, and saturate the
 *               {@code INT64_MAX} that slices use for "to the end", which is what a slice wants.
 * @param weight the learned tensor this value is a view of; {@code null} for activations
 */
record Value(long[] shape, int type, double[] data, Weight weight) {

    /** Constants larger than this are not folded: they are data (masks, tables), not shape arithmetic. */
    static final int FOLD_LIMIT = 1 << 16;

    Value {
        if (data != null && data.length > FOLD_LIMIT) {
            data = null;
        }
    }

    static Value activation(long[] shape, int type) {
        return new Value(shape, type, null, null);
    }

    static Value constant(long[] shape, int type, double[] data) {
        return new Value(shape, type, data, null);
    }

    boolean known() {
        return data != null;
    }

    int rank() {
        return shape.length;
    }

    long elements() {
        long product = 1;
        for (long d : shape) {
            product *= d;
        }
        return product;
    }

    /** Size of an axis, counted from the end when negative. */
    long dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Size of the last axis (1 for a scalar): the columns of a row-wise view. */
    long cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** Elements over the last axis: the rows of a row-wise view. */
    long rows() {
        return elements() / Math.max(1, cols());
    }

    Value withShape(long[] newShape) {
        return new Value(newShape, type, data, weight);
    }

    @Override
    public String toString() {
        return Arrays.toString(shape) + (weight != null ? " weight " + weight.initializer() : "");
    }
}
