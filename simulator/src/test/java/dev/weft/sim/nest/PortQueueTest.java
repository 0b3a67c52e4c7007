package dev.weft.sim.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One port's queue, every figure derived by hand from the fluid earliest-deadline-first rule. */
class PortQueueTest {
    private static final double EXACT = 1e-9;

    @Test
    void theStepsOwnWorkIsServedBeforeAnyQueuedWork() {
        PortQueue port = new PortQueue();
        assertTrue(port.idle());
        port.addToStep(3);
        port.add(2, 4, null);
        assertFalse(port.idle());
        // the step's 3 cycles are due at every step; the queued 2 only from step 4 on
        assertEquals(3, port.dueCycles(3), EXACT);
        assertEquals(5, port.dueCycles(4), EXACT);
        assertEquals(5, port.leftCycles(), EXACT);
        // 4 cycles: the step's 3 first, then 1 of the queued 2
        port.serve(4);
        assertEquals(1, port.leftCycles(), EXACT);
        assertEquals(0, port.dueCycles(3), EXACT);
        assertEquals(1, port.dueCycles(4), EXACT);
        port.serve(1);
        assertTrue(port.idle());
        assertEquals(0, port.leftCycles(), EXACT);
    }

    @Test
    void singlePiecesDueAtOneStepJoinUntilTheyAreServed() {
        PortQueue port = new PortQueue();
        port.add(2, 5, null);
        port.add(3, 5, null);
        port.add(0, 5, null);
        assertEquals(0, port.dueCycles(4), EXACT);
        assertEquals(5, port.dueCycles(5), EXACT);
        port.serve(4);
        assertEquals(1, port.dueCycles(5), EXACT);
        // joins the entry still waiting: 1 + 1
        port.add(1, 5, null);
        assertEquals(2, port.leftCycles(), EXACT);
        port.serve(2);
        assertTrue(port.idle());
        // the served entry is gone, so a new piece for step 5 starts a fresh one
        port.add(1.5, 5, null);
        assertEquals(1.5, port.dueCycles(5), EXACT);
        port.serve(1.5);
        assertTrue(port.idle());
    }

    @Test
    void chunksFallDueOneByOne() {
        PortQueue port = new PortQueue();
        // three chunks of 2 cycles due at steps 10, 13 and 17
        port.add(2, 10, new long[] {0, 3, 7});
        assertEquals(6, port.leftCycles(), EXACT);
        assertEquals(0, port.dueCycles(9), EXACT);
        assertEquals(2, port.dueCycles(10), EXACT);
        assertEquals(2, port.dueCycles(12), EXACT);
        assertEquals(4, port.dueCycles(13), EXACT);
        assertEquals(4, port.dueCycles(16), EXACT);
        assertEquals(6, port.dueCycles(17), EXACT);
        // 3 cycles: the first chunk (2) and half of the second
        port.serve(3);
        assertEquals(3, port.leftCycles(), EXACT);
        assertEquals(0, port.dueCycles(12), EXACT);
        assertEquals(1, port.dueCycles(13), EXACT);
        assertEquals(3, port.dueCycles(17), EXACT);
        port.serve(3);
        assertTrue(port.idle());
    }

    @Test
    void theEarliestDeadlineIsServedFirstWhateverWasAddedFirst() {
        PortQueue port = new PortQueue();
        port.add(4, 20, null);
        port.add(4, 10, null);
        port.add(1, 15, new long[] {0});
        port.serve(4);
        assertEquals(0, port.dueCycles(10), EXACT);
        assertEquals(1, port.dueCycles(15), EXACT);
        assertEquals(5, port.dueCycles(20), EXACT);
        // 2.5 cycles: the chunk due at 15, then 1.5 of the work due at 20
        port.serve(2.5);
        assertEquals(0, port.dueCycles(19), EXACT);
        assertEquals(2.5, port.dueCycles(20), EXACT);
        assertEquals(2.5, port.leftCycles(), EXACT);
        // a budget larger than the work leaves the port idle, not in debt
        port.serve(10);
        assertTrue(port.idle());
        assertEquals(0, port.leftCycles(), EXACT);
        port.add(1, 30, null);
        assertEquals(1, port.dueCycles(30), EXACT);
    }
}
