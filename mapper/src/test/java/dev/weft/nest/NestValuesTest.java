package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Operand;
import dev.weft.error.WeftInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop-nest package's values on their own: validation edges, the objective's score and
 * tie-break, the problem's operand sizes, the mapping's identity and the cost's sums, each
 * against figures worked out by hand.
 */
class NestValuesTest {

    @Test
    void loopsAndUnrollsNeedAPositiveFactor() {
        assertEquals("k1", new Loop(NestProblem.K, 1).toString());
        assertThrows(IllegalArgumentException.class, () -> new Loop(NestProblem.M, 0));
        assertThrows(IllegalArgumentException.class, () -> new Loop(NestProblem.M, -3));
        assertEquals("rows:n1", new Unroll("rows", NestProblem.N, 1).toString());
        assertThrows(IllegalArgumentException.class, () -> new Unroll("rows", NestProblem.N, 0));
        assertThrows(IllegalArgumentException.class, () -> new Unroll("rows", NestProblem.N, -1));
        assertEquals("b7", new Loop(NestProblem.B, 7).toString());
        assertEquals("cols:m16", new Unroll("cols", NestProblem.M, 16).toString());
    }

    @Test
    void objectiveScoresAndBreaksTies() {
        assertEquals(300.0, Objective.ENERGY.score(300, 7));
        assertEquals(7.0, Objective.LATENCY.score(300, 7));
        assertEquals(2100.0, Objective.EDP.score(300, 7));
        assertEquals(7.0, Objective.ENERGY.tieBreak(300, 7));
        assertEquals(300.0, Objective.LATENCY.tieBreak(300, 7));
        assertEquals(300.0, Objective.EDP.tieBreak(300, 7));
        assertEquals("edp", Objective.EDP.label());
        assertEquals(Objective.LATENCY, Objective.parse(" Latency ", "cfg", "objective"));
        WeftInputException bad = assertThrows(WeftInputException.class,
                () -> Objective.parse("speed", "cfg", "objective"));
        assertTrue(bad.getMessage().contains("energy, latency, edp"), bad.getMessage());
    }

    @Test
    void problemCountsEachOperandOverItsOwnDimensions() {
        NestProblem problem = NestProblem.gemm("p", 2, 3, 5, 7);
        assertEquals(2 * 3 * 5 * 7, problem.usefulMacs());
        assertEquals(2 * 3 * 7, problem.elements(Operand.INPUT));
        assertEquals(2 * 7 * 5, problem.elements(Operand.WEIGHT));
        assertEquals(2 * 3 * 5, problem.elements(Operand.OUTPUT));
        assertEquals(5, problem.size(NestProblem.N));
        assertEquals(3, NestProblem.dimIndex("k"));
        assertEquals(0, NestProblem.dimIndex("b"));
        assertEquals(-1, NestProblem.dimIndex("x"));
        assertTrue(NestProblem.relevant(Operand.INPUT, NestProblem.K));
        assertFalse(NestProblem.relevant(Operand.INPUT, NestProblem.N));
        assertFalse(NestProblem.relevant(Operand.WEIGHT, NestProblem.M));
        assertTrue(NestProblem.relevant(Operand.WEIGHT, NestProblem.B));
        assertFalse(NestProblem.relevant(Operand.OUTPUT, NestProblem.K));
        assertTrue(NestProblem.relevant(Operand.OUTPUT, NestProblem.N));
    }

    @Test
    void problemRefusesWrongShapes() {
        long[] one = {1, 1};
        assertThrows(IllegalArgumentException.class, () -> new NestProblem("p", new long[] {1, 2, 3}, 6, one, one));
        assertThrows(IllegalArgumentException.class, () -> new NestProblem("p", new long[8], 6, one, one));
        long[] eight = {1, 1, 1, 1, 1, 1, 1, 1};
        assertThrows(IllegalArgumentException.class, () -> new NestProblem("p", eight, 1, new long[] {1}, one));
        assertThrows(IllegalArgumentException.class, () -> new NestProblem("p", eight, 1, new long[] {1, 0}, one));
        assertThrows(IllegalArgumentException.class, () -> new NestProblem("p", eight, 1, one, new long[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> NestProblem.gemm("p", 1, 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> NestProblem.gemm("p", 1, 2, 2, -1));
        long[] sizes = {1, 1, 1, 1, 1, 1, 1, 1};
        NestProblem ones = new NestProblem("ones", sizes, 1, one, one);
        sizes[1] = 9;
        assertEquals(1, ones.size(NestProblem.M), "the problem keeps its own copy of the sizes");
    }

    @Test
    void mappingsAreEqualByTheirCutsContents() {
        NestMapping a = mapping(new int[] {1, 3});
        NestMapping b = mapping(new int[] {1, 3});
        NestMapping c = mapping(new int[] {2, 3});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertNotEquals(a.hashCode(), c.hashCode());
        assertNotEquals(a, "a mapping");
        NestMapping otherLoops = new NestMapping(a.unrolls(), List.of(new Loop(NestProblem.M, 4)), a.cuts());
        assertNotEquals(a, otherLoops);
        NestMapping otherUnrolls = new NestMapping(List.of(), a.loops(), a.cuts());
        assertNotEquals(a, otherUnrolls);
        assertEquals(1, a.cut(Operand.INPUT, 0));
        assertEquals(3, a.cut(Operand.INPUT, 1));
        assertEquals("spatial [rows:k4] temporal [m2, n3] input[1, 3] weight[0, 3] output[2, 3]", a.toString());
    }

    @Test
    void mappingKeepsItsOwnCopyOfTheCuts() {
        int[] cuts = {1, 3};
        NestMapping a = mapping(cuts);
        cuts[0] = 0;
        assertEquals(1, a.cut(Operand.INPUT, 0));
    }

    private static NestMapping mapping(int[] inputCuts) {
        return new NestMapping(List.of(new Unroll("rows", NestProblem.K, 4)),
                List.of(new Loop(NestProblem.M, 2), new Loop(NestProblem.N, 3)),
                Map.of(Operand.INPUT, inputCuts, Operand.WEIGHT, new int[] {0, 3}, Operand.OUTPUT, new int[] {2, 3}));
    }

    @Test
    void costSumsComputeAndEveryAccess() {
        NestCost.Access input = NestCost.Access.NONE.plus(new NestCost.Access(64, 8, 2, 1, 2.5, 0.5));
        assertEquals(new NestCost.Access(64, 8, 2, 1, 2.5, 0.5), input);
        assertEquals(new NestCost.Access(128, 16, 4, 2, 5, 1), input.scaled(2));
        assertEquals(3.0, input.energyPj());
        NestCost.Access output = new NestCost.Access(0, 16, 0, 1, 0, 4);
        NestCost cost = new NestCost(Map.of("sram", Map.of(Operand.INPUT, input, Operand.OUTPUT, output),
                "dram", Map.of(Operand.WEIGHT, new NestCost.Access(8, 0, 1, 0, 100, 0))), 10, 20, 100, 3, 5, 7,
                Map.of(), 4);
        assertEquals(100 + 3 + 5 + 7, cost.cycles());
        assertEquals(10 + 3 + 4 + 100, cost.energyPj(), 1e-12);
        assertEquals(7.0, cost.memoryPj("sram"), 1e-12);
        assertEquals(100.0, cost.memoryPj("dram"), 1e-12);
        assertEquals(0.0, cost.memoryPj("none"));
    }

    @Test
    void mapperNeedsRoomForEveryDimension() {
        assertThrows(IllegalArgumentException.class,
                () -> new NestMapper(NestModelHandDerivedTest.machine(), Objective.EDP, 3));
        assertEquals(0, new NestMapper(NestModelHandDerivedTest.machine(), Objective.EDP, 4).evaluated());
    }

    @Test
    void unrollFactorsAreTheWidestAndTheLargestDivisor() {
        assertEquals(List.of(4L), NestMapper.factors(12, 4));
        assertEquals(List.of(5L, 4L), NestMapper.factors(12, 5));
        assertEquals(List.of(3L), NestMapper.factors(3, 8));
        assertEquals(List.of(7L, 1L), NestMapper.factors(13, 7));
        assertEquals(3, NestMapper.ceilDiv(7, 3));
        assertEquals(2, NestMapper.ceilDiv(6, 3));
        assertEquals(1, NestMapper.ceilDiv(1, 5));
    }

    @Test
    void primeLoopsSplitAndMergeTheSmallestFactors() {
        assertEquals(List.of(new Loop(0, 3), new Loop(1, 2), new Loop(1, 2), new Loop(1, 2), new Loop(3, 7)),
                NestMapper.primeLoops(new long[] {3, 8, 1, 7}, 8));
        // 4 = 2 x 2 and 9 = 3 x 3 tie on two factors each: the first dimension's are merged first
        assertEquals(List.of(new Loop(1, 4), new Loop(2, 3), new Loop(2, 3)),
                NestMapper.primeLoops(new long[] {1, 4, 9, 1}, 3));
        // 2 x 2 x 2 x 3 into two loops: 2 x 2 = 4, then 2 x 3 = 6 (the two smallest each time)
        assertEquals(List.of(new Loop(3, 4), new Loop(3, 6)), NestMapper.primeLoops(new long[] {1, 1, 1, 24}, 2));
        // 2 x 2 x 7 x 7: 4, 7, 7 then 4 x 7 = 28, sorted after the other 7
        assertEquals(List.of(new Loop(2, 7), new Loop(2, 28)), NestMapper.primeLoops(new long[] {1, 1, 196, 1}, 2));
        assertEquals(List.of(new Loop(1, 97)), NestMapper.primeLoops(new long[] {1, 97, 1, 1}, 4));
        assertEquals(List.of(), NestMapper.primeLoops(new long[] {1, 1, 1, 1}, 4));
    }
}
