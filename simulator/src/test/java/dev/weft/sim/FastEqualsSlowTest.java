package dev.weft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Dataflow;
import dev.weft.arch.SystolicTiming;
import dev.weft.schedule.GemmTile;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast engine (closed-form folds, one event per tile) equals the slow one (wavefront
 * stepped cycle by cycle) on random jobs covering edge tiles, every loop order, partial sums,
 * sparse stepping, DRAM-bound and compute-bound memories.
 */
class FastEqualsSlowTest {
    private static final String[] ORDERS = {"mnk", "mkn", "nmk", "nkm", "kmn", "knm"};

    @Test
    void enginesAgreeOnRandomJobs() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            GemmTile problem = new GemmTile(1 + random.nextInt(40), 1 + random.nextInt(40), 1 + random.nextInt(70));
            GemmTile tile = new GemmTile(1 + random.nextLong(problem.m()), 1 + random.nextLong(problem.n()),
                    1 + random.nextLong(problem.k()));
            Stepping stepping = switch (random.nextInt(3)) {
                case 0 -> Stepping.DENSE;
                case 1 -> new Stepping.NM(2, 4);
                default -> new Stepping.Xnor(8, 2);
            };
            GemmJob job = new GemmJob("r" + i, problem, 1 + random.nextInt(3), tile, ORDERS[random.nextInt(6)],
                    1, 0.5 + random.nextInt(3), random.nextBoolean() ? 1 : 2, stepping, 1);
            int rows = 1 + random.nextInt(9);
            int cols = 1 + random.nextInt(9);
            Dataflow dataflow = Dataflow.values()[random.nextInt(3)];
            ArraySpec array = new ArraySpec(rows, cols, dataflow, dataflow == Dataflow.WS && i % 2 == 0);
            MemorySpec memory = MemorySpec.shared(0.25 + random.nextInt(40) / 4.0, random.nextInt(30), 1 << 24);
            assertAgree(job, array, memory);
            // the same job inside a fusion group: some tensors already in the buffer, or kept there
            SplittableRandom fused = new SplittableRandom(i);
            Set<Tensor> onChip = EnumSet.noneOf(Tensor.class);
            for (Tensor tensor : Tensor.values()) {
                if (fused.nextBoolean()) {
                    onChip.add(tensor);
                }
            }
            assertAgree(job.withOnChip(onChip), array, memory);
        }
    }

    private static void assertAgree(GemmJob job, ArraySpec array, MemorySpec memory) {
        GemmResult fast = FastSimulator.run(job, array, memory);
        GemmResult slow = CycleSimulator.run(job, array, memory);
        String where = job + " on " + array + " with " + memory;
        assertEquals(fast.cycles(), slow.cycles(), where);
        assertEquals(fast.computeCycles(), slow.computeCycles(), where);
        assertEquals(fast.folds(), slow.folds(), where);
        assertEquals(fast.steps(), slow.steps(), where);
        assertEquals(fast.dramBusyCycles(), slow.dramBusyCycles(), where);
        assertEquals(fast.arrayOps(), slow.arrayOps(), 0, where);
        for (Level level : Level.values()) {
            assertEquals(fast.accesses().readBytes(level), slow.accesses().readBytes(level), 1e-6, where);
            assertEquals(fast.accesses().writeBytes(level), slow.accesses().writeBytes(level), 1e-6, where);
        }
    }

    /** Every tile's compute is the contract's: with a DRAM too fast to matter, compute is the sum over tiles. */
    @Test
    void computeIsTheContractsTileTimeForEveryTile() {
        GemmTile problem = new GemmTile(45, 29, 77);
        GemmTile tile = new GemmTile(16, 8, 32);
        for (Dataflow dataflow : Dataflow.values()) {
            GemmJob job = GemmJob.dense("contract", problem, tile, "nkm");
            GemmResult result = CycleSimulator.run(job, new ArraySpec(4, 8, dataflow),
                    MemorySpec.shared(1e9, 0, 1 << 24));
            long expected = 0;
            for (long m = 0; m < 45; m += 16) {
                for (long n = 0; n < 29; n += 8) {
                    for (long k = 0; k < 77; k += 32) {
                        expected += SystolicTiming.tileCycles(dataflow, 4, 8, Math.min(16, 45 - m),
                                Math.min(8, 29 - n), Math.min(32, 77 - k));
                    }
                }
            }
            assertEquals(expected, result.computeCycles(), dataflow.label());
        }
        GemmJob job = GemmJob.dense("contract", problem, tile, "nkm");
        GemmResult doubled = CycleSimulator.run(job, new ArraySpec(4, 8, Dataflow.WS, true),
                MemorySpec.shared(1e9, 0, 1 << 24));
        long expected = 0;
        for (long m = 0; m < 45; m += 16) {
            for (long n = 0; n < 29; n += 8) {
                for (long k = 0; k < 77; k += 32) {
                    // the tile's first fold loads its weights, the others find them in the shadows
                    SystolicTiming.Folds folds = SystolicTiming.folds(Dataflow.WS, 4, 8, Math.min(16, 45 - m),
                            Math.min(8, 29 - n), Math.min(32, 77 - k));
                    expected += 4 + folds.count() * (4 + 8 + folds.stream() - 2);
                }
            }
        }
        assertEquals(expected, doubled.computeCycles());
    }

    /** A fold of the wavefront model lasts the contract's 2R + C + T - 2 and does every MAC once. */
    @Test
    void wavefrontFoldMatchesTheContract() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            int rows = 1 + random.nextInt(16);
            int cols = 1 + random.nextInt(16);
            long usedRows = 1 + random.nextInt(rows);
            long usedCols = 1 + random.nextInt(cols);
            long stream = 1 + random.nextInt(50);
            Dataflow dataflow = Dataflow.values()[random.nextInt(3)];
            boolean preloaded = dataflow == Dataflow.WS && i % 2 == 0;
            FoldWave wave = new FoldWave(dataflow, rows, cols, usedRows, usedCols, stream, preloaded);
            long cycles = 0;
            long macs = 0;
            while (wave.busyAt(cycles)) {
                macs += wave.activeAt(cycles);
                cycles++;
            }
            assertEquals(SystolicTiming.foldCycles(rows, cols, stream) - (preloaded ? rows : 0), cycles);
            assertEquals(usedRows * usedCols * stream, macs);
        }
    }
}
