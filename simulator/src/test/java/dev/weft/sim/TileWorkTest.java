package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import dev.weft.schedule.GemmTile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SRAM and register accesses of one buffer tile, and the walk over tiles, by hand. The tile is
 * m=10, n=12, k=13 on a 4x8 array with 2-byte inputs and weights: m x k = 130, k x n = 156,
 * m x n = 120 elements; partial sums are 4 bytes.
 */
class TileWorkTest {
    private static final GemmJob JOB = new GemmJob("t", new GemmTile(10, 12, 13), 1, new GemmTile(10, 12, 13), "mnk",
            2, 2, 2, Stepping.DENSE, 1);

    /**
     * Row folds: ceil(13/4) = 4 along k for WS and IS, ceil(10/4) = 3 along m for OS.
     * WS: inputs once per column fold, 130 x ceil(12/8) x 2 B = 520; weights once, 156 x 2 B = 312; partial
     * sums read on every row fold after the first, 120 x 3 x 4 B = 1440, written on every one, 120 x 4 x 4 = 1920.
     * OS: inputs 130 x 2 x 2 B = 520; weights once per row fold, 156 x 3 x 2 B = 936; no partial-sum reads;
     * each output written once, 120 x 4 = 480.
     * IS: inputs once, 130 x 2 B = 260; weights once per fold of m over the columns, 156 x ceil(10/8) x 2 B = 624;
     * partial sums as WS, 1440 and 1920.
     * A tile that continues an earlier reduction also reads its 120 partial sums first: 480 B more.
     * The PEs read two operands and write one accumulator per MAC: 120 x 13 = 1560 each.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"WS, 520, 312, 1440, 1920", "OS, 520, 936, 0, 480", "IS, 260, 624, 1440, 1920"})
    void sramAndRegisterAccessesPerDataflow(Dataflow dataflow, double ifmap, double filter, double psumReads,
                                            double psumWrites) {
        ArraySpec array = new ArraySpec(4, 8, dataflow);
        Accesses first = new Accesses();
        TileWork.count(array, JOB, 10, 12, 13, 13, true, first);
        assertEquals(ifmap, first.readBytes(Level.SRAM, Tensor.IFMAP), 0);
        assertEquals(filter, first.readBytes(Level.SRAM, Tensor.FILTER), 0);
        assertEquals(psumReads, first.readBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(psumWrites, first.writeBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(0, first.writeBytes(Level.SRAM, Tensor.IFMAP) + first.writeBytes(Level.SRAM, Tensor.FILTER), 0);
        assertEquals(1560, first.readBytes(Level.PE, Tensor.IFMAP), 0);
        assertEquals(1560, first.readBytes(Level.PE, Tensor.FILTER), 0);
        assertEquals(1560, first.writeBytes(Level.PE, Tensor.OFMAP), 0);
        assertEquals(0, first.writeBytes(Level.PE, Tensor.FILTER), 0);

        Accesses later = new Accesses();
        TileWork.count(array, JOB, 10, 12, 13, 13, false, later);
        assertEquals(psumReads + 480, later.readBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(psumWrites, later.writeBytes(Level.SRAM, Tensor.OFMAP), 0);
    }

    /**
     * A 2:4 array steps kk = 7 times for k = 13: WS row folds ceil(7/4) = 2, so partial sums are read
     * 120 x 1 x 4 = 480 and written 120 x 2 x 4 = 960 bytes; inputs are still the 130 stored elements per
     * column fold (520 bytes); the PEs act 120 x 7 = 840 times. Double-buffered weights add one shadow write and
     * one swap read per stepped weight, 7 x 12 = 84.
     */
    @Test
    void steppedReductionFoldsOverItsSteps() {
        Accesses accesses = new Accesses();
        TileWork.count(new ArraySpec(4, 8, Dataflow.WS, true), JOB, 10, 12, 13, 7, true, accesses);
        assertEquals(480, accesses.readBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(960, accesses.writeBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(520, accesses.readBytes(Level.SRAM, Tensor.IFMAP), 0);
        assertEquals(840, accesses.readBytes(Level.PE, Tensor.IFMAP), 0);
        assertEquals(840 + 84, accesses.readBytes(Level.PE, Tensor.FILTER), 0);
        assertEquals(84, accesses.writeBytes(Level.PE, Tensor.FILTER), 0);
        assertEquals(840, accesses.writeBytes(Level.PE, Tensor.OFMAP), 0);
    }

    /**
     * The whole GEMM as one tile, run: the loads land in the SRAM (260 input bytes, 312 weight bytes
     * written there), the array's traffic as above, and the 120 finished 2-byte outputs leave: 240
     * bytes read from the SRAM and written to DRAM.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void loadsAndWriteBacksPassThroughTheSram(Engine engine) {
        GemmResult result = engine.run(JOB, new ArraySpec(4, 8, Dataflow.WS), MemorySpec.shared(16, 0, 1 << 20));
        Accesses accesses = result.accesses();
        assertEquals(260, accesses.writeBytes(Level.SRAM, Tensor.IFMAP), 0);
        assertEquals(312, accesses.writeBytes(Level.SRAM, Tensor.FILTER), 0);
        assertEquals(260 + 312, accesses.readBytes(Level.DRAM), 0);
        assertEquals(1920, accesses.writeBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(1440 + 240, accesses.readBytes(Level.SRAM, Tensor.OFMAP), 0);
        assertEquals(240, accesses.writeBytes(Level.DRAM, Tensor.OFMAP), 0);
        // 572 bytes at 16 B/cycle: 36 cycles; ceil(13/4) x ceil(12/8) = 8 folds of 8 + 8 + 10 - 2 = 24; 240 bytes out: 15
        assertEquals(36 + 8 * 24 + 15, result.cycles());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aJobThatDoesNotFitIsRefusedByEitherEngine(Engine engine) {
        assertThrows(IllegalArgumentException.class,
                () -> engine.run(JOB, new ArraySpec(4, 8, Dataflow.WS), MemorySpec.shared(16, 0, 100)));
    }

    /**
     * Two GEMMs of 8x6x10 in 4x3x5 tiles, k outermost: 2 x 2 x 2 = 8 tiles each, 16 in all. The second
     * GEMM starts again from its first tile: it loads A and B afresh and its first output tiles bring
     * no partial sums back, while the second half of each reduction does.
     */
    @Test
    void aBatchRestartsTheWalk() {
        GemmJob job = new GemmJob("b", new GemmTile(8, 6, 10), 2, new GemmTile(4, 3, 5), "kmn", 1, 1, 2,
                Stepping.DENSE, 1);
        TileWalk walk = new TileWalk(job);
        assertEquals(16, walk.totalSteps());
        int steps = 0;
        int firstReduction = 0;
        double psumBytes = 0;
        double written = 0;
        while (walk.next()) {
            steps++;
            if (walk.firstReductionTile()) {
                firstReduction++;
                assertFalse(walk.psumArrives());
            }
            psumBytes += walk.psumLoadBytes();
            if (walk.outputDeparts()) {
                written += walk.writeBytes();
            }
            if (steps == 9) {
                assertTrue(walk.firstReductionTile() && walk.newIfmap() && walk.newFilter() && walk.outputArrives());
                assertEquals(4, walk.em());
                assertEquals(3, walk.en());
                assertEquals(5, walk.ek());
            }
        }
        assertEquals(16, steps);
        assertEquals(8, firstReduction);
        // per GEMM: 4 output tiles of 12 partial sums come back once (192 B) and leave twice: as partial
        // sums (192 B) and finished at 2 bytes (96 B)
        assertEquals(2 * 192, psumBytes, 0);
        assertEquals(2 * (192 + 96), written, 0);
    }
}
