package dev.weft.workload.zoo;

import dev.weft.workload.TokenReduction;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens each block of a vision transformer runs on under a {@link TokenReduction}, the
 * class token included (it is never pruned or merged).
 *
 * <p>Keep schedules follow DynamicViT's reference code ({@code num_keep_node = int(init_n *
 * token_ratio)}): block {@code i} runs on the class token plus {@code floor(keep_i x P)} of
 * the {@code P} patch tokens, at least one. DeiT-S with rho = 0.7 at blocks 4, 7 and 10 thus
 * runs on 197, 138, 97 and 68 tokens. Where the count drops, a pruning stage sits before the
 * block and scores the tokens that entered the block before.
 *
 * <p>Merging follows ToMe's code ({@code tome/merge.py}): a block merges
 * {@code min(r, (N - 1) / 2)} of its {@code N} tokens after attention (bipartite matching
 * pairs at most half of the tokens, the class token protected), so its MLP and the next block
 * run on the rest. DeiT-S at r = 13 runs on 197, 184, ..., 54 tokens and ends with 41.
 */
record TokenSchedule(List<Block> blocks, long finalTokens) {

    /**
     * One block.
     *
     * @param tokens     tokens its attention runs on
     * @param mlpTokens  tokens its MLP runs on (fewer than {@code tokens} after a merge)
     * @param prunedFrom patch tokens a pruning stage before the block scored, 0 when none
     * @param merged     tokens merged after its attention, 0 when none
     */
    record Block(long tokens, long mlpTokens, long prunedFrom, long merged) {
    }

    TokenSchedule {
        blocks = List.copyOf(blocks);
    }

    /** The schedule of a model with {@code patches} patch tokens plus a class token and {@code layers} blocks. */
    static TokenSchedule of(TokenReduction reduction, long patches, int layers, String model) {
        List<Block> blocks = new ArrayList<>();
        long tokens = patches + 1;
        if (reduction instanceof TokenReduction.Keep keep) {
            keep.requireAtMost(layers, model);
            long kept = patches;
            for (int i = 0; i < layers; i++) {
                long now = keptPatches(keep.ratio(i), patches);
                long prunedFrom = now < kept ? kept : 0;
                kept = now;
                tokens = kept + 1;
                blocks.add(new Block(tokens, tokens, prunedFrom, 0));
            }
        } else if (reduction instanceof TokenReduction.Merge merge) {
            for (int i = 0; i < layers; i++) {
                long merged = Math.min(merge.perBlock(), (tokens - 1) / 2);
                blocks.add(new Block(tokens, tokens - merged, 0, merged));
                tokens -= merged;
            }
        } else {
            for (int i = 0; i < layers; i++) {
                blocks.add(new Block(tokens, tokens, 0, 0));
            }
        }
        return new TokenSchedule(blocks, tokens);
    }

    /** Patch tokens a keep ratio leaves: DynamicViT's truncation, at least one. */
    static long keptPatches(double ratio, long patches) {
        // the small margin keeps a product such as 0.5 x 196 = 97.99999... from losing a token
        return Math.max(1, (long) Math.floor(ratio * patches + 1e-9));
    }
}
