package dev.weft.workload;

/** A named loop dimension of an operator's iteration space, e.g. {@code M=128}. */
public record Dim(String name, long size) {
    public Dim {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dimension needs a name");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("dimension " + name + " must be positive, was " + size);
        }
    }
}
