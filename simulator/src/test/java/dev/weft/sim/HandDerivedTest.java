package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Dataflow;
import dev.weft.arch.SystolicTiming;
import dev.weft.schedule.GemmTile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Cycle counts derived by hand in the comments, checked on both engines. */
class HandDerivedTest {

    /**
     * 4x4 array, one tile of M=6, N=5, K=37 with one-byte elements. Loads: A 6*37 + B 37*5 =
     * 407 bytes at 8 B/cycle = 51 cycles, +10 latency: the array starts at cycle 61. Folds:
     * WS k x n = 10 x 2 = 20 folds streaming M=6: 2*4+4+6-2 = 16 cycles each, 320;
     * OS m x n = 2 x 2 = 4 folds streaming K=37: 8+4+37-2 = 47 each, 188;
     * IS k x m = 10 x 2 = 20 folds streaming N=5: 8+4+5-2 = 15 each, 300.
     * Then 30 output bytes go back in 4 cycles.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"WS, 20, 320", "OS, 4, 188", "IS, 20, 300"})
    void array4x4WithK37(Dataflow dataflow, long folds, long compute) {
        GemmJob job = GemmJob.dense("k37", new GemmTile(6, 5, 37), new GemmTile(6, 5, 37), "mnk");
        ArraySpec array = new ArraySpec(4, 4, dataflow);
        MemorySpec memory = MemorySpec.perTensor(8, 10, 1 << 20, 1 << 20, 1 << 20);
        for (GemmResult result : new GemmResult[] {FastSimulator.run(job, array, memory),
                CycleSimulator.run(job, array, memory)}) {
            assertEquals(folds, result.folds());
            assertEquals(compute, result.computeCycles());
            assertEquals(compute, SystolicTiming.tileCycles(dataflow, 4, 4, 6, 5, 37));
            assertEquals(61 + compute + 4, result.cycles());
            assertEquals(61 + 4, result.stallCycles());
            assertEquals(6 * 5 * 37, result.arrayOps(), 0);
            assertEquals(407, result.accesses().readBytes(Level.DRAM), 0);
            assertEquals(30, result.accesses().writeBytes(Level.DRAM), 0);
        }
    }

    /**
     * The same GEMM on the 4x4 weight-stationary array with double-buffered weights: the first of
     * the 20 folds loads its weights (4 cycles) and streams 4+4+6-2 = 12; each later fold's weights
     * were shifted into the shadows meanwhile, so it takes 12: 4 + 20 x 12 = 244 cycles. Every
     * weight is written into a shadow once and read by the swap once: 37 x 5 = 185 register words
     * each way beside the 2 x 1110 operand reads and 1110 partial-sum writes of the MACs.
     */
    @Test
    void doubleBufferedWeightsPayTheirLoadOnlyInTheFirstFold() {
        GemmJob job = GemmJob.dense("k37", new GemmTile(6, 5, 37), new GemmTile(6, 5, 37), "mnk");
        ArraySpec array = new ArraySpec(4, 4, Dataflow.WS, true);
        MemorySpec memory = MemorySpec.perTensor(8, 10, 1 << 20, 1 << 20, 1 << 20);
        for (GemmResult result : new GemmResult[] {FastSimulator.run(job, array, memory),
                CycleSimulator.run(job, array, memory)}) {
            assertEquals(20, result.folds());
            assertEquals(244, result.computeCycles());
            assertEquals(61 + 244 + 4, result.cycles());
            assertEquals(2 * 1110 + 185, result.accesses().readBytes(Level.PE), 0);
            assertEquals(1110 + 185, result.accesses().writeBytes(Level.PE), 0);
        }
    }

    /**
     * 8x8 array, M=32, N=8, K=8 in four 8x8x8 tiles along m (order m outermost), DRAM 2 B/cycle,
     * no latency. Every tile is one fold of 16+8+8-2 = 30 cycles in each dataflow. Tile 0 loads
     * A and B (128 B, cycles 0-64); later tiles reuse B and load A alone (64 B, 32 cycles); each
     * tile's 64 outputs are written back (32 cycles) after it, behind any load issued meanwhile,
     * and the fourth tile may only start once the first one's write-back has freed its half:
     * <pre>
     * tile 0: data at 64, runs 64-94;   loads of 1: 64-96
     * tile 1: data at 96, runs 96-126;  loads of 2: 96-128 (before write 0, queued at 94)
     * tile 2: needs write 0: 128-160;   runs 160-190; loads of 3: 160-192 (before write 1)
     * tile 3: needs write 1: 192-224;   runs 224-254
     * writes 2 and 3: 224-256, 256-288
     * </pre>
     * 288 cycles, 120 of them compute, 168 stalled on the 2 B/cycle DRAM.
     */
    @ParameterizedTest
    @EnumSource(Dataflow.class)
    void array8x8BandwidthStalls(Dataflow dataflow) {
        GemmJob job = GemmJob.dense("bw", new GemmTile(32, 8, 8), new GemmTile(8, 8, 8), "mnk");
        ArraySpec array = new ArraySpec(8, 8, dataflow);
        MemorySpec memory = MemorySpec.shared(2, 0, 1 << 20);
        for (GemmResult result : new GemmResult[] {FastSimulator.run(job, array, memory),
                CycleSimulator.run(job, array, memory)}) {
            assertEquals(288, result.cycles());
            assertEquals(120, result.computeCycles());
            assertEquals(168, result.stallCycles());
            assertEquals(4, result.steps());
            assertEquals(32 * 8 + 8 * 8, result.accesses().readBytes(Level.DRAM), 0);
            assertEquals(32 * 8, result.accesses().writeBytes(Level.DRAM), 0);
            assertEquals(64 + 3 * 32 + 4 * 32, result.dramBusyCycles());
        }
    }

    /**
     * A 16x8x16 GEMM in 8x8x8 tiles with k outermost: each of the two output tiles leaves after
     * the first half of the reduction as 64 int32 partial sums (256 B), comes back for the
     * second half (256 B read) and leaves finished (64 B). With k innermost each output tile
     * stays until it is finished. A tile is not fetched again while consecutive tiles use it:
     * the filter tile of one k step serves both m tiles.
     */
    @ParameterizedTest
    @EnumSource(Dataflow.class)
    void partialSumsRoundTripWhenReductionIsOutermost(Dataflow dataflow) {
        GemmJob job = GemmJob.dense("psum", new GemmTile(16, 8, 16), new GemmTile(8, 8, 8), "kmn");
        ArraySpec array = new ArraySpec(4, 4, dataflow);
        MemorySpec memory = MemorySpec.shared(16, 0, 1 << 20);
        GemmResult result = FastSimulator.run(job, array, memory);
        assertEquals(2 * 256, result.accesses().readBytes(Level.DRAM, Tensor.OFMAP), 0);
        assertEquals(2 * 256 + 2 * 64, result.accesses().writeBytes(Level.DRAM, Tensor.OFMAP), 0);
        assertEquals(16 * 16, result.accesses().readBytes(Level.DRAM, Tensor.IFMAP), 0);
        assertEquals(16 * 8, result.accesses().readBytes(Level.DRAM, Tensor.FILTER), 0);
        GemmJob innermost = GemmJob.dense("psum", new GemmTile(16, 8, 16), new GemmTile(8, 8, 8), "mnk");
        GemmResult kept = FastSimulator.run(innermost, array, memory);
        assertEquals(0, kept.accesses().readBytes(Level.DRAM, Tensor.OFMAP), 0);
        assertEquals(2 * 64, kept.accesses().writeBytes(Level.DRAM, Tensor.OFMAP), 0);
        assertEquals(2 * 16 * 8, kept.accesses().readBytes(Level.DRAM, Tensor.FILTER), 0);
        assertEquals(result.cycles(), CycleSimulator.run(job, array, memory).cycles());
    }
}
