package dev.weft.sim;

import dev.weft.arch.AttentionBlockTiming;
import dev.weft.arch.ComputeArray;

/**
 * Executes Lean Attention's split-K decode (stream-K): a fused softmax attention core whose key/value
 * sequence is cut into {@code P} parts of {@code ceil(keys / P)} keys, each run block pair by block
 * pair ({@link BlockedAttention}) on its own {@code cols / P} column slice of the array, then the
 * parts' partial softmax states (row maximum, row sum, unnormalised output at 32 bits) merged on the
 * vector unit and the output written back once.
 *
 * <p>The parts run at once and alike, so they share what they do not own evenly: each part's reads
 * take {@code 1 / P} of the DRAM channel's bandwidth, and its online softmax {@code 1 / P} of the
 * vector unit's lanes. The query block is read once and broadcast to the slices: each part carries
 * {@code 1 / P} of its bytes. A part's partial output stays in the buffer for the merge, so the
 * parts write nothing to DRAM; the merged output is written after the merge, at the whole bandwidth.
 */
public final class SplitAttention {
    private SplitAttention() {
    }

    /**
     * @param cycles         the slowest part, the merge, the output's write-back
     * @param partCycles     the slowest part
     * @param mergeCycles    the vector unit merging the parts' states
     * @param writeCycles    the merged output's write-back
     * @param dramReadBytes  all parts' reads
     * @param dramWriteBytes the merged output
     */
    public record Result(long cycles, long partCycles, long mergeCycles, long writeCycles, double dramReadBytes,
                         double dramWriteBytes) {
    }

    /**
     * @param vectorCycles the vector unit's busy cycles over the whole core, unsplit; a part takes its keys'
     *                     share of them on its share of the lanes
     */
    public static Result run(ComputeArray array, BlockedAttention.Core core, long parts, long vectorCycles,
                             int vectorLanes, MemorySpec memory) {
        ComputeArray slice = array.columnSlice((int) parts);
        MemorySpec share = MemorySpec.shared(memory.dramBytesPerCycle() / parts, memory.dramLatencyCycles(),
                Math.max(1, memory.sharedBytes() / parts));
        long keysPerPart = (core.keys() + parts - 1) / parts;
        long slowest = 0;
        double reads = 0;
        for (long first = 0; first < core.keys(); first += keysPerPart) {
            long keys = Math.min(keysPerPart, core.keys() - first);
            BlockedAttention.Core part = new BlockedAttention.Core(core.instances(), core.rows(), keys, core.headDim(),
                    core.qBytes() / parts, core.kBytes(), core.vBytes(), 0, core.queryBlock(),
                    Math.min(core.kvBlock(), keys), core.kvResident());
            long partVector = (long) Math.ceil((double) vectorCycles * keys / core.keys() * parts);
            BlockedAttention.Result result = BlockedAttention.run(slice, part, new long[] {partVector}, share);
            slowest = Math.max(slowest, result.cycles());
            reads += result.scores().dramReadBytes() + result.context().dramReadBytes();
        }
        long merge = (long) Math.ceil(AttentionBlockTiming.mergeOps(core.instances(), core.rows(), core.headDim(), parts)
                / vectorLanes);
        double outBytes = (double) core.instances() * core.rows() * core.headDim() * core.outBytes();
        long write = memory.transferCycles(outBytes);
        return new Result(slowest + merge + write, slowest, merge, write, reads, outBytes);
    }
}
