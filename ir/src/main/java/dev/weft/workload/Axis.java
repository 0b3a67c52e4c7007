package dev.weft.workload;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One axis of a tensor as an affine sum of loop dimensions, in the style of Timeloop's
 * projections. A plain axis is a single dimension; a convolution's input row is
 * {@code stride*P + dilation*R}, whose extent for a tile is {@code stride*(P-1) + dilation*(R-1) + 1}.
 */
public record Axis(List<Term> terms) {

    /** {@code coefficient * dim}. */
    public record Term(String dim, long coefficient) {
    }

    public Axis {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("an axis needs at least one dimension");
        }
        terms = List.copyOf(terms);
    }

    public static Axis of(String dim) {
        return new Axis(List.of(new Term(dim, 1)));
    }

    /** A sliding-window axis: {@code stride*outer + dilation*window}. */
    public static Axis window(String outer, long stride, String window, long dilation) {
        return new Axis(List.of(new Term(outer, stride), new Term(window, dilation)));
    }

    /** Number of distinct indices this axis touches when each dimension spans {@code extents}. */
    public long extent(Map<String, Long> extents) {
        long span = 1;
        for (Term term : terms) {
            long size = extents.getOrDefault(term.dim(), 1L);
            span += term.coefficient() * (size - 1);
        }
        return span;
    }

    public boolean uses(String dim) {
        return terms.stream().anyMatch(t -> t.dim().equals(dim));
    }

    @Override
    public String toString() {
        return terms.stream()
                .map(t -> t.coefficient() == 1 ? t.dim() : t.coefficient() + "*" + t.dim())
                .collect(Collectors.joining("+"));
    }
}
