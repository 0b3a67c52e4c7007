package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.arch.PeKind;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.DType;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a job, an array and a memory system are: their sizes by hand, and the values they refuse. */
class JobAndMachineTest {
    private static final GemmTile PROBLEM = new GemmTile(8, 6, 10);
    private static final GemmTile TILE = new GemmTile(4, 3, 5);

    private static GemmJob job(long batch, String order, double filterBytes, double density) {
        return new GemmJob("j", PROBLEM, batch, TILE, order, 1, filterBytes, 2, Stepping.DENSE, density);
    }

    /**
     * Tile m=4, n=3, k=5, 1-byte inputs, half-byte weights, double-buffered: A 2 x 4 x 5 x 1 = 40 bytes,
     * B 2 x 5 x 3 x 0.5 = 15, and the output as 4-byte partial sums 2 x 4 x 3 x 4 = 96 (not the
     * 2-byte finished outputs): 151 bytes in all.
     */
    @Test
    void doubleBufferedFootprintsFitExactlyOrNot() {
        GemmJob job = job(1, "mnk", 0.5, 1);
        assertEquals(40, job.footprintBytes(Tensor.IFMAP), 0);
        assertEquals(15, job.footprintBytes(Tensor.FILTER), 0);
        assertEquals(96, job.footprintBytes(Tensor.OFMAP), 0);
        job.requireFits(MemorySpec.shared(1, 0, 151));
        assertThrows(IllegalArgumentException.class, () -> job.requireFits(MemorySpec.shared(1, 0, 150)));
        job.requireFits(MemorySpec.perTensor(1, 0, 40, 15, 96));
        assertThrows(IllegalArgumentException.class, () -> job.requireFits(MemorySpec.perTensor(1, 0, 39, 15, 96)));
        assertThrows(IllegalArgumentException.class, () -> job.requireFits(MemorySpec.perTensor(1, 0, 40, 14, 96)));
        assertThrows(IllegalArgumentException.class, () -> job.requireFits(MemorySpec.perTensor(1, 0, 40, 15, 95)));
    }

    /** 3 GEMMs of 8 x 6 x 10 = 480 MACs, half of them with a zero weight: 720 useful. */
    @Test
    void usefulMacsCountEveryBatchAtTheDensity() {
        assertEquals(720, job(3, "mnk", 1, 0.5).usefulMacs(), 0);
        assertEquals(480, job(1, "knm", 1, 1).usefulMacs(), 0);
    }

    @Test
    void keepingTensorsOnChipChangesNothingElse() {
        GemmJob job = job(2, "nkm", 0.5, 0.25);
        GemmJob fused = job.withOnChip(Set.of(Tensor.IFMAP));
        assertEquals(Set.of(Tensor.IFMAP), fused.onChip());
        assertEquals(job, fused.withOnChip(Set.of()));
    }

    @ParameterizedTest(name = "batch {0}, order {1}, weight bytes {2}, density {3}")
    @CsvSource({"0, mnk, 1, 1", "-1, mnk, 1, 1", "1, mn, 1, 1", "1, mnkk, 1, 1", "1, mnn, 1, 1", "1, mkk, 1, 1",
        "1, nkk, 1, 1", "1, mnk, 0, 1", "1, mnk, NaN, 1", "1, mnk, 1, 0", "1, mnk, 1, 1.5", "1, mnk, 1, NaN"})
    void jobsThatCannotRunAreRefused(long batch, String order, double filterBytes, double density) {
        assertThrows(IllegalArgumentException.class, () -> job(batch, order, filterBytes, density));
    }

    @Test
    void aTileLargerThanItsProblemOrNoOrderIsRefused() {
        for (GemmTile tile : new GemmTile[] {new GemmTile(9, 6, 10), new GemmTile(8, 7, 10), new GemmTile(8, 6, 11)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new GemmJob("j", PROBLEM, 1, tile, "mnk", 1, 1, 1, Stepping.DENSE, 1));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new GemmJob("j", PROBLEM, 1, TILE, null, 1, 1, 1, Stepping.DENSE, 1));
        for (double bytes : new double[] {0, -1}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new GemmJob("j", PROBLEM, 1, TILE, "mnk", bytes, 1, 1, Stepping.DENSE, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> new GemmJob("j", PROBLEM, 1, TILE, "mnk", 1, 1, bytes, Stepping.DENSE, 1));
        }
        // the whole problem as its own tile is the largest that runs
        assertEquals(PROBLEM, new GemmJob("j", PROBLEM, 1, PROBLEM, "mnk", 1, 1, 1, Stepping.DENSE, 1).tile());
    }

    /** A transfer holds the channel for whole cycles: 10 bytes at 4 per cycle take 3, 8 take 2, half a byte 1, none 0. */
    @Test
    void transfersRoundUpToWholeCycles() {
        MemorySpec memory = MemorySpec.shared(4, 0, 1);
        assertEquals(3, memory.transferCycles(10));
        assertEquals(2, memory.transferCycles(8));
        assertEquals(1, memory.transferCycles(0.5));
        assertEquals(0, memory.transferCycles(0));
        assertEquals(0, memory.transferCycles(-8));
    }

    @Test
    void sharedOrPerTensorSrams() {
        assertTrue(MemorySpec.shared(1, 0, 1).isShared());
        assertFalse(MemorySpec.shared(1, 0, 0).isShared());
        MemorySpec split = MemorySpec.perTensor(1, 0, 10, 20, 30);
        assertFalse(split.isShared());
        assertEquals(10, split.sramBytes(Tensor.IFMAP));
        assertEquals(20, split.sramBytes(Tensor.FILTER));
        assertEquals(30, split.sramBytes(Tensor.OFMAP));
        assertEquals(7, MemorySpec.perTensor(2, 7, 1, 1, 1).dramLatencyCycles());
    }

    @ParameterizedTest(name = "{0} B/cycle, latency {1}, SRAMs {2} {3} {4} {5}")
    @CsvSource({"0, 0, 1, 0, 0, 0", "-1, 0, 1, 0, 0, 0", "NaN, 0, 1, 0, 0, 0", "Infinity, 0, 1, 0, 0, 0",
        "1, -1, 1, 0, 0, 0", "1, 0, -1, 0, 0, 0", "1, 0, 0, -1, 0, 0", "1, 0, 0, 0, -1, 0", "1, 0, 0, 0, 0, -1"})
    void impossibleMemoriesAreRefused(double bandwidth, long latency, long shared, long ifmap, long filter,
                                      long ofmap) {
        assertThrows(IllegalArgumentException.class,
                () -> new MemorySpec(bandwidth, latency, shared, ifmap, filter, ofmap));
    }

    @Test
    void noSramAndNoLatencyAreAllowed() {
        MemorySpec memory = new MemorySpec(0.25, 0, 0, 0, 0, 0);
        assertEquals(0, memory.sramBytes(Tensor.IFMAP));
        assertEquals(4, memory.transferCycles(1));
    }

    /** The array's view of a 4x8 architecture array: 32 PEs, and the contract's 171 cycles for m=5, n=17, k=9 (139 double-buffered). */
    @Test
    void arrayFollowsTheFoldContract() {
        ArraySpec array = ArraySpec.of(new ComputeArray("a", 4, 8, new PeKind.Mac(DType.INT8), Dataflow.WS, 1));
        assertEquals(new ArraySpec(4, 8, Dataflow.WS), array);
        assertEquals(32, array.pes());
        assertEquals(171, array.tileCycles(5, 17, 9));
        assertEquals(139, new ArraySpec(4, 8, Dataflow.WS, true).tileCycles(5, 17, 9));
    }

    @Test
    void impossibleArraysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec(0, 4, Dataflow.WS));
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec(4, 0, Dataflow.WS));
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec(4, 4, Dataflow.OS, true));
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec(4, 4, Dataflow.IS, true));
        assertEquals(1, new ArraySpec(1, 1, Dataflow.OS).pes());
    }

    /** 800 useful MACs in 100 cycles on 16 PEs use half the array's peak; a job of no cycles uses none. */
    @Test
    void utilizationIsUsefulMacsOverPeak() {
        ArraySpec array = new ArraySpec(4, 4, Dataflow.WS);
        assertEquals(0.5, new GemmResult(100, 60, 40, 900, 800, 1, 1, 0, new Accesses()).utilization(array), 0);
        assertEquals(0, new GemmResult(0, 0, 0, 0, 800, 0, 0, 0, new Accesses()).utilization(array), 0);
    }

    @Test
    void accessesAddUpPerLevelAndTensor() {
        Accesses accesses = new Accesses();
        accesses.read(Level.SRAM, Tensor.IFMAP, 3);
        accesses.read(Level.SRAM, Tensor.FILTER, 5);
        accesses.read(Level.SRAM, Tensor.OFMAP, 7);
        accesses.read(Level.SRAM, Tensor.OFMAP, 11);
        accesses.write(Level.SRAM, Tensor.OFMAP, 13);
        accesses.write(Level.DRAM, Tensor.FILTER, 17);
        assertEquals(18, accesses.readBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(26, accesses.readBytes(Level.SRAM), 0);
        assertEquals(13, accesses.writeBytes(Level.SRAM), 0);
        assertEquals(17, accesses.writeBytes(Level.DRAM, Tensor.FILTER), 0);
        assertEquals(0, accesses.readBytes(Level.DRAM), 0);
        assertEquals(0, accesses.writeBytes(Level.PE), 0);
    }

    @Test
    void labelsAreTheLowerCaseNames() {
        assertEquals("fast", Engine.FAST.label());
        assertEquals("cycle", Engine.CYCLE.label());
        assertEquals("ifmap", Tensor.IFMAP.label());
        assertEquals("filter", Tensor.FILTER.label());
        assertEquals("ofmap", Tensor.OFMAP.label());
    }
}
