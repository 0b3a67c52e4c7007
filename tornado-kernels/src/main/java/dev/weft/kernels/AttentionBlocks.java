package dev.weft.kernels;

import dev.weft.error.WeftInputException;

/**
 * The tiles of FlashAttention's loop nest: {@code queryRows} queries of a head share one
 * work-group (B_r) and walk the keys and values in blocks of {@code kvRows} (B_c) staged in
 * local memory; the score tile {@code B_r x B_c} never leaves the work-group.
 */
public record AttentionBlocks(int queryRows, int kvRows) {
    /**
     * 32 queries x 32 keys: a work-group PoCL vectorises across (two AVX-512 rows of 16), and
     * K and V blocks of 2 x 32 x 64 floats (16 KiB for GPT-2's heads) that stay in a core's L1.
     */
    public static final AttentionBlocks DEFAULT = new AttentionBlocks(32, 32);

    public AttentionBlocks {
        if (queryRows <= 0 || kvRows <= 0) {
            throw new WeftInputException("--attention-blocks", null, "blocks must be positive, were " + queryRows
                    + "," + kvRows, "give Br,Bc as two positive integers, e.g. 32,32");
        }
    }

    @Override
    public String toString() {
        return queryRows + "x" + kvRows;
    }
}
