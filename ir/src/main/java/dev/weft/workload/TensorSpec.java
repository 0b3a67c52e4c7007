package dev.weft.workload;

import java.util.List;
import java.util.Map;

/**
 * A tensor as an operator sees it: a name (shared tensors share a name, e.g. tied
 * embeddings), its role, its axes over the operator's dimensions, element type and format.
 */
public record TensorSpec(String name, TensorRole role, List<Axis> axes, DType dtype, StorageFormat format) {

    public TensorSpec {
        axes = List.copyOf(axes);
    }

    /** Element count of the whole tensor (dense, before any sparse compression). */
    public long elements(Map<String, Long> dimSizes) {
        return footprint(dimSizes);
    }

    /** Dense elements touched when every dimension spans the given tile extent. */
    public long footprint(Map<String, Long> extents) {
        long product = 1;
        for (Axis axis : axes) {
            product *= axis.extent(extents);
        }
        return product;
    }

    /** Bits stored for {@code denseElements} elements: values of the non-zeros plus their metadata. */
    public double storedBits(double denseElements) {
        double nonzeros = denseElements * format.density();
        return nonzeros * (dtype.bits() + format.metadataBitsPerNonzero());
    }

    public boolean indexedBy(String dim) {
        return axes.stream().anyMatch(a -> a.uses(dim));
    }

    public List<Long> shape(Map<String, Long> dimSizes) {
        return axes.stream().map(a -> a.extent(dimSizes)).toList();
    }
}
