package dev.weft.kernels;

/**
 * Keys and values of the tokens seen so far, per sequence and key/value head, held where
 * its executor computes (device memory for OpenCL), so that a decode step appends one
 * token's keys and values instead of moving the whole cache.
 */
public interface KvCache extends AutoCloseable {
    /** {@code capacity} tokens of {@code kvHeads x headDim} keys and as many values per sequence. */
    record Shape(int batch, int kvHeads, int headDim, int capacity) {
        public Shape {
            Shapes.positive("kv cache", "batch", batch);
            Shapes.positive("kv cache", "kv_heads", kvHeads);
            Shapes.positive("kv cache", "head_dim", headDim);
            Shapes.positive("kv cache", "capacity", capacity);
        }

        /** Checks token-major keys or values of {@code tokens} new tokens per sequence against the free room. */
        public void checkAppend(String operand, int tokens, int length, float[] rows) {
            Shapes.require("kv cache", operand, (long) batch * tokens * kvHeads * headDim, rows.length);
            if (length + tokens > capacity) {
                throw new dev.weft.error.WeftInputException("kv cache", null, "holds " + capacity
                        + " tokens, cannot append " + tokens + " to " + length, "size the cache for every step");
            }
        }

        public long elements() {
            return (long) batch * kvHeads * capacity * headDim;
        }
    }

    Shape shape();

    /** Tokens held. */
    int length();

    @Override
    void close();
}
