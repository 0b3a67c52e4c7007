package dev.weft.schedule;

/**
 * Extents of the three GEMM dimensions of a contraction: {@code m} rows of the output
 * (and of the streamed operand), {@code n} output columns, {@code k} the reduction.
 */
public record GemmTile(long m, long n, long k) {
    public GemmTile {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException("tile extents must be positive, got m=" + m + " n=" + n + " k=" + k);
        }
    }

    public long get(char dim) {
        return switch (dim) {
            case 'm' -> m;
            case 'n' -> n;
            case 'k' -> k;
            default -> throw new IllegalArgumentException("GEMM dimension is m, n or k, not " + dim);
        };
    }

    /** Tiles of this size needed to cover {@code whole} along {@code dim}, the last one possibly partial. */
    public long count(GemmTile whole, char dim) {
        long size = get(dim);
        return (whole.get(dim) + size - 1) / size;
    }
}
