package dev.weft.sim.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.NestSchedule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A one-channel convolution's tiles on zigzag-tpu-like, by hand: output rows p = 4 and kernel
 * rows r = 3 as two temporal loops (r innermost), no unrolling, so a tile under the innermost
 * {@code cut} loops is what those loops span. The input's rows are a window: (p - 1) stride + r
 * when the kernel covers the stride, p r distinct rows when the stride skips rows, at most the
 * input's height.
 */
class NestPlanWindowTest {
    private static final Hierarchy TPU = ArchitectureLoader.preset("zigzag-tpu-like").hierarchy();
    private static final int INPUT = 0;
    private static final int WEIGHT = 1;
    private static final int OUTPUT = 2;
    private static final int PES = -1;

    /** Inputs in sram_2MB under both loops, weights in the PE register under r, outputs one at a time. */
    private static final NestSchedule SCHEDULE = new NestSchedule(List.of(),
            List.of(new NestSchedule.Temporal("r", 3), new NestSchedule.Temporal("p", 4)),
            Map.of("input", Map.of("sram_2MB", 2, "dram", 2),
                    "weight", Map.of("rf_128B", 1, "dram", 2),
                    "output", Map.of("rf_2B", 0, "sram_2MB", 2, "dram", 2)));

    private static NestPlan plan(long stride, long inputRows) {
        return NestPlan.of(TPU, new long[] {1, 1, 1, 1, 4, 1, 3, 1}, new long[] {stride, 1},
                new long[] {inputRows, 1}, SCHEDULE, "test");
    }

    @Test
    void theInputTileIsTheWindowItsLoopsTouch() {
        NestPlan unit = plan(1, 100);
        assertEquals(1, unit.footprint(INPUT, 0, PES));
        assertEquals(3, unit.footprint(INPUT, 1, PES));
        // (4 - 1) x 1 + 3
        assertEquals(6, unit.footprint(INPUT, 2, PES));
        // (4 - 1) x 2 + 3: the kernel of 3 covers a stride of 2
        assertEquals(9, plan(2, 100).footprint(INPUT, 2, PES));
        // a kernel of 3 on a stride of 3 still touches every row once: (4 - 1) x 3 + 3
        assertEquals(12, plan(3, 100).footprint(INPUT, 2, PES));
        // a stride of 4 skips a row between windows: 4 x 3 rows, not (4 - 1) x 4 + 3 = 15
        assertEquals(12, plan(4, 100).footprint(INPUT, 2, PES));
        // a padded input is smaller than the windows' span
        assertEquals(8, plan(2, 8).footprint(INPUT, 2, PES));
    }

    @Test
    void weightsFollowTheKernelAndOutputsTheOutputRows() {
        NestPlan plan = plan(2, 100);
        assertEquals(1, plan.footprint(WEIGHT, 0, PES));
        assertEquals(3, plan.footprint(WEIGHT, 1, PES));
        assertEquals(3, plan.footprint(WEIGHT, 2, PES));
        assertEquals(1, plan.footprint(OUTPUT, 1, PES));
        assertEquals(4, plan.footprint(OUTPUT, 2, PES));
        assertEquals(1, plan.instances(PES));
    }

    @Test
    void loopsThatDoNotCoverTheExtentsAreRefusedByName() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> NestPlan.of(TPU,
                new long[] {1, 1, 1, 1, 5, 1, 3, 1}, new long[] {1, 1}, new long[] {100, 1}, SCHEDULE, "test"));
        assertTrue(e.getMessage().contains("step p 4 times in all, but 5 over 1 PEs needs 5"), e.getMessage());
    }
}
