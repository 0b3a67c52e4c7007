package dev.weft.fusion;

import dev.weft.arch.AttentionBlockTiming;
import dev.weft.arch.ComputeArray;

/**
 * Lean Attention's split-K decode (Sanovar et al., 2024, "Lean Attention: Hardware-Aware Scalable
 * Attention Mechanism for the Decode-Phase of Transformers"; stream-K): the key/value sequence of
 * each head is cut into {@code P} parts that run at once on {@code P} column slices of the array,
 * each producing a partial softmax state (row maximum, row sum, unnormalised output at 32 bits)
 * that the vector unit merges. The keys and values still cross DRAM once, and the online softmax
 * still runs on the one vector unit the slices share, so the split shortens only the array's part
 * of the time: on a machine where decode attention waits for DRAM, it gains nothing, and the merge
 * costs a little.
 */
public final class SplitKDecode {
    private SplitKDecode() {
    }

    /**
     * One core's decode attention, unsplit and at its best split.
     *
     * @param splits         the parts the keys are cut into at the best split (1: no split is best)
     * @param unsplitCycles  the fused core on the whole array: its array and vector time or its DRAM time, the longer
     * @param splitCycles    at {@code splits} parts: the slices' array and the vector time or the DRAM time, plus the merge
     */
    public record Result(long splits, long unsplitCycles, long splitCycles) {
        public double speedup() {
            return splitCycles == 0 ? 1 : (double) unsplitCycles / splitCycles;
        }
    }

    /**
     * Tries every power-of-two split up to one column per slice and keeps the fastest.
     *
     * @param vectorCycles the core's vector work (the online softmax), which the split leaves whole
     */
    public static Result evaluate(ComputeArray array, FlashAttention.Shape shape, FlashAttention.Blocks blocks,
                                  double dramBytesPerCycle, int vectorLanes, long vectorCycles) {
        long unsplit = cycles(array, shape, blocks, 1, dramBytesPerCycle, vectorLanes, vectorCycles);
        long bestSplits = 1;
        long best = unsplit;
        for (int parts = 2; parts <= array.cols() && parts <= shape.keys(); parts *= 2) {
            long split = cycles(array, shape, blocks, parts, dramBytesPerCycle, vectorLanes, vectorCycles);
            if (split < best) {
                best = split;
                bestSplits = parts;
            }
        }
        return new Result(bestSplits, unsplit, best);
    }

    /**
     * The core's cycles with its keys cut into {@code parts}: the first blocks' load, then the array and vector
     * steps of a part one after another, DRAM streaming beside them; then the vector unit merges the parts'
     * states and the output is written back.
     */
    public static long cycles(ComputeArray array, FlashAttention.Shape shape, FlashAttention.Blocks blocks, long parts,
                              double dramBytesPerCycle, int vectorLanes, long vectorCycles) {
        double dramCycles = FlashAttention.traffic(shape, blocks).totalBytes() / dramBytesPerCycle;
        ComputeArray slice = array.columnSlice((int) parts);
        long keys = FlashAttention.ceilDiv(shape.keys(), parts);
        FlashAttention.Shape part = new FlashAttention.Shape(shape.instances(), shape.rows(), keys, shape.headDim(),
                shape.qBytes(), shape.kBytes(), shape.vBytes(), shape.outBytes());
        FlashAttention.Blocks partBlocks = new FlashAttention.Blocks(blocks.queryBlock(),
                Math.min(blocks.kvBlock(), keys), blocks.kvResident());
        long arrayCycles = FlashAttention.scoreCycles(slice, part, partBlocks)
                + FlashAttention.contextCycles(slice, part, partBlocks);
        double mergeOps = AttentionBlockTiming.mergeOps(shape.instances(), shape.rows(), shape.headDim(), parts);
        double firstLoadCycles = FlashAttention.firstBlocksBytes(shape, blocks, parts) / dramBytesPerCycle;
        double lastWriteCycles = FlashAttention.lastBlockBytes(shape, blocks) / dramBytesPerCycle;
        return (long) Math.ceil(Math.max(firstLoadCycles + arrayCycles + vectorCycles, dramCycles)
                + mergeOps / vectorLanes + lastWriteCycles);
    }
}
