package dev.weft.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ComputeArray;
import dev.weft.results.Results;
import dev.weft.workload.Phase;
import org.junit.jupiter.api.Test;

/** Lean Attention's split-K decode: where it helps and where DRAM leaves nothing to gain. */
class SplitKDecodeTest {
    /**
     * One query row against 4096 keys of width 128 on a 32x32 array with DRAM fast enough not to matter. Unsplit,
     * each product keeps one column of the array busy: score and context products each 128 x 4 folds of 32 cycles
     * (16384) plus one fill of 94, 32956 in all; the online softmax on the 32 lanes, 5 operations per score
     * (4096 x 5 / 32 = 640) and the output row rescaled once (128 / 32 = 4), 644 more; the first blocks' load and
     * the output row's write-back take a thousandth of a cycle, rounded up: 33601. Split 32 ways, each
     * 32x1 slice takes 128 keys: the keys or values streamed through 4 folds of 128 (512) plus a fill of
     * 2 x 32 + 1 - 2 = 63, twice: 1150; the softmax stays 644 on the vector unit the slices share; merging 32
     * states of 2 x 128 + 3 operations on 32 lanes: 259; one cycle of transfers again. 2054 cycles, 16.4x faster
     * (23.4x if the softmax could be split too).
     */
    @Test
    void splittingTheKeysFillsAnArrayThatOneQueryRowLeavesIdle() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ComputeArray array = arch.arrays().get(0);
        FlashAttention.Shape row = new FlashAttention.Shape(1, 1, 4096, 128, 1, 1, 1, 1);
        SplitKDecode.Result result = SplitKDecode.evaluate(array, row, new FlashAttention.Blocks(1, 4096, false), 1e9,
                32, 644);
        assertEquals(33601, result.unsplitCycles());
        assertEquals(32, result.splits());
        assertEquals(2054, result.splitCycles());
        assertEquals(33601 / 2054.0, result.speedup(), 1e-9);
    }

    /** On the 128x128 preset decode attention waits for its KV cache: Weft predicts no gain from splitting it. */
    @Test
    void aMemoryBoundDecodeGainsNothing() {
        Architecture arch = ArchitectureLoader.preset("systolic-128x128-int8");
        for (int kv : new int[] {512, 4096}) {
            Results.SplitK split = FusionEstimateTest.estimate(FusionEstimateTest.model("llama-2-7b", arch, Phase.DECODE,
                    kv), arch, Fusion.ATTENTION).results().totals().splitKDecode();
            assertEquals(1, split.splits());
            assertEquals(1.0, split.speedup());
            // 32 layers x (K and V: 2 x kv x 4096 bytes, Q and O: 2 x 4096) over 48.57 B/cycle, 32 x 32 heads; each
            // layer's last output row (128 bytes, under 3 cycles) is written after its last product, rounded up
            double dram = 32.0 * (2.0 * kv * 4096 + 2 * 4096) / arch.dram().bandwidthBytesPerCycle();
            assertEquals(dram + 32 * 128 / arch.dram().bandwidthBytesPerCycle(), split.attentionCyclesUnsplit(),
                    32 + 1e-6 * dram);
        }
    }
}
