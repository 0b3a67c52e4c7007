package dev.weft.sim.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.Stepping;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpmmSweepTest {
    static final GemmTile SHAPE = new GemmTile(256, 256, 512);

    @Test
    void twoFourOnAMatchingArrayHalvesTheReduction() {
        Architecture sparse = ArchitectureLoader.preset("systolic-32x32-int8-sparse24");
        List<SpmmSweep.Point> points = SpmmSweep.run(sparse, SHAPE, "2:4", List.of(0.5, 0.75), 0);
        SpmmSweep.Point half = points.get(0);
        assertTrue(half.representable());
        // time against dense: the array steps through half the reduction, DRAM moves fewer weight bytes
        assertTrue(half.timeSpeedup() > 1.3, "2:4 at density 0.5: " + half);
        assertFalse(points.get(1).representable(), "0.75 cannot be stored as 2:4");
    }

    @Test
    void twoFourOnADenseArrayGainsLessThanOnAMatchingOne() {
        SpmmSweep.Point plain = SpmmSweep.run(ArchitectureLoader.preset("systolic-32x32-int8"), SHAPE, "2:4",
                List.of(0.5), 0).get(0);
        SpmmSweep.Point matching = SpmmSweep.run(ArchitectureLoader.preset("systolic-32x32-int8-sparse24"), SHAPE,
                "2:4", List.of(0.5), 0).get(0);
        assertTrue(plain.timeSpeedup() < matching.timeSpeedup(), plain + " vs " + matching);
    }

    @Test
    void fullDensityCsrIsNoFasterThanDenseAndStillReadsItsIndices() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        SpmmSweep.Point full = SpmmSweep.run(arch, SHAPE, "csr", List.of(1.0), 0).get(0);
        // every MAC still runs, and 16-bit indices ride beside the 8-bit values
        assertTrue(full.timeSpeedup() <= 1.0, full.toString());
        assertTrue(full.metadataBytes() >= SHAPE.k() * SHAPE.n() * 2, full.toString());
    }

    /** A fold row of 32 weights at density 0.05 is all zero with probability 0.95^32 = 19.4%. */
    @Test
    void rowSkippingKeepsRowsWithAnyNonZero() {
        assertEquals((long) Math.ceil(1000 * (1 - Math.pow(0.95, 32))), new Stepping.RowSkip(0.05, 32).steps(1000));
        assertEquals(1000, new Stepping.RowSkip(1, 32).steps(1000));
    }
}
