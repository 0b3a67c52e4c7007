package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Operand;
import dev.weft.schedule.NestSchedule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mapper on {@link NestModelHandDerivedTest}'s machine, on operators small enough that its
 * whole space is worked out by hand: O[1,4] += I[1,3] * W[3,4] has one unrolling (n over the 4
 * columns) and one temporal loop, k3. Allocation: the register keeps k3 (k does not index the
 * output: still one 16-bit partial sum, m would make two); the buffer keeps k3 too (3 inputs,
 * 12 weights, 4 finished outputs: 24 + 96 + 32 = 152 of its 208 bits).
 */
class NestMapperHandDerivedTest {
    private static final NestProblem ROW = NestProblem.gemm("row", 1, 1, 4, 3);
    private static final NestMapping ROW_MAPPING = new NestMapping(List.of(new Unroll("cols", NestProblem.N, 4)),
            List.of(new Loop(NestProblem.K, 3)),
            Map.of(Operand.INPUT, new int[] {1, 1}, Operand.WEIGHT, new int[] {1, 1}, Operand.OUTPUT,
                    new int[] {1, 1, 1}));

    /**
     * Energy: 12 MACs x 0.5 = 6 pJ; register 3 (12 partial-sum writes) + 4 (8 reads back) + 2
     * (4 final reads); buffer 1.5 + 2.25 (inputs out, in) + 6 + 9 (weights) + 3 + 2 (outputs
     * in, out); DRAM 150 (24 input bits) + 600 (96 weight bits) + 400 (32 output bits):
     * 1188.75 pJ. Cycles: 3 ideal, 2 loading, 3 draining; every part of both tiles is first used
     * within the one k pass, so by iteration 2 DRAM owes the whole input tile (24 bits, 1.5
     * cycles) and weight tile (96 bits, 6): 7.5 - 2 = 5.5, rounded up to 6 cycles late, 4 beyond
     * loading. 3 + 6 + 3 = 12, above DRAM's 152 bits on 16 = 9.5 (busy 10).
     */
    @Test
    void theOnlyMappingIsScoredByEachObjective() {
        double energyPj = 1188.75;
        double cycles = 12;
        for (Objective objective : Objective.values()) {
            NestMapper mapper = new NestMapper(NestModelHandDerivedTest.machine(), objective);
            NestMapper.Best best = mapper.map(ROW).orElseThrow();
            assertEquals(ROW_MAPPING, best.mapping());
            assertEquals(objective.score(energyPj, cycles), best.score(), 1e-9, objective.label());
            assertEquals(energyPj, best.cost().energyPj(), 1e-9);
            assertEquals(cycles, best.cost().cycles());
            assertEquals(4, best.cost().stallCycles());
            assertEquals(Map.of("DRAM", 10L, "BUF", 5L, "REG", 3L), best.cost().busyCycles());
            // six seed orders (one per order of the dimensions, all the same here) and the one order
            assertEquals(7, mapper.evaluated());
            NestMapper brute = new NestMapper(NestModelHandDerivedTest.machine(), objective);
            assertEquals(ROW_MAPPING, brute.bruteForce(ROW).orElseThrow().mapping());
            assertEquals(1, brute.evaluated());
        }
    }

    /**
     * O[2,4] += I[2,3] * W[3,4]: two orders of m2 and k3. With k innermost the allocation is that
     * of {@link NestModelHandDerivedTest#everyAccessAndItsEnergy} (register k3, buffer both):
     * 1768.5 pJ. With m innermost the register holds one partial sum and the buffer m2 only
     * (k3 would make 272 of its 208 bits), so partial sums travel and 128 bits of them reach
     * DRAM: far more. The search's bound for the prefix m2 (the decided register-to-PE traffic,
     * every element once across the open boundaries: 1760.5 pJ) is below 1768.5, so both orders
     * are evaluated, after the six seeds (all k-innermost here).
     */
    @Test
    void energyPicksTheKInnermostOrder() {
        NestProblem problem = NestModelHandDerivedTest.PROBLEM;
        NestMapper mapper = new NestMapper(NestModelHandDerivedTest.machine(), Objective.ENERGY);
        NestMapper.Best best = mapper.map(problem).orElseThrow();
        NestMapping expected = new NestMapping(List.of(new Unroll("cols", NestProblem.N, 4)),
                List.of(new Loop(NestProblem.K, 3), new Loop(NestProblem.M, 2)),
                Map.of(Operand.INPUT, new int[] {2, 2}, Operand.WEIGHT, new int[] {2, 2}, Operand.OUTPUT,
                        new int[] {1, 2, 2}));
        assertEquals(expected, best.mapping());
        assertEquals(1768.5, best.score(), 1e-9);
        assertEquals(8, mapper.evaluated());
        NestMapper brute = new NestMapper(NestModelHandDerivedTest.machine(), Objective.ENERGY);
        assertEquals(expected, brute.bruteForce(problem).orElseThrow().mapping());
        assertEquals(2, brute.evaluated());

        // the other order as allocated: 12 + 30 (register) + 82.5 (buffer) + 2500 (DRAM, with
        // 8 partial sums of 16 bits written: 16 minimum accesses = 8 full ones x 200 pJ)
        NestMapping mInnermost = new NestMapping(expected.unrolls(),
                List.of(new Loop(NestProblem.M, 2), new Loop(NestProblem.K, 3)),
                Map.of(Operand.INPUT, new int[] {1, 2}, Operand.WEIGHT, new int[] {1, 2}, Operand.OUTPUT,
                        new int[] {0, 1, 2}));
        NestCost other = mapper.model().evaluate(problem, mInnermost);
        assertEquals(2624.5, other.energyPj(), 1e-9);
        assertEquals(new NestCost.Access(0, 128, 0, 8, 0, 1600), other.accesses().get("DRAM").get(Operand.OUTPUT));
        assertEquals(82.5, other.memoryPj("BUF"), 1e-9);
    }

    @Test
    void nothingFitsARegisterNarrowerThanOnePartialSum() {
        NestMapper mapper = new NestMapper(NestModelHandDerivedTest.machine(8, 208, 16), Objective.EDP);
        assertEquals(Optional.empty(), mapper.map(ROW));
        assertEquals(Optional.empty(), mapper.bruteForce(ROW));
        assertEquals(0, mapper.evaluated());
    }

    @Test
    void unrollingsTakeTheWidestAndTheLargestDivisor() {
        NestMapper mapper = new NestMapper(NestModelHandDerivedTest.machine(), Objective.EDP);
        assertEquals(List.of(List.of(new Unroll("cols", NestProblem.N, 4)), List.of(new Unroll("cols", NestProblem.N, 3))),
                mapper.unrollings(NestProblem.gemm("six", 1, 2, 6, 2)));
        assertEquals(List.of(List.of(new Unroll("cols", NestProblem.N, 2))),
                mapper.unrollings(NestProblem.gemm("two", 1, 2, 2, 2)));
        assertEquals(List.of(List.of()), mapper.unrollings(NestProblem.gemm("one", 1, 5, 1, 5)));
    }

    /** With n = 1 nothing unrolls: one PE, one register, every loop temporal. */
    @Test
    void aProblemThatCannotUnrollRunsOnOnePe() {
        NestMapper.Best best = new NestMapper(NestModelHandDerivedTest.machine(), Objective.LATENCY)
                .map(NestProblem.gemm("column", 1, 1, 1, 2)).orElseThrow();
        assertEquals(List.of(), best.mapping().unrolls());
        assertEquals(List.of(new Loop(NestProblem.K, 2)), best.mapping().loops());
        assertEquals(1, best.cost().activePes());
        assertEquals(2, best.cost().idealCycles());
    }

    @Test
    void theScheduleNamesEachMemoryOutermostFirst() {
        NestSchedule schedule = NestModelHandDerivedTest.mapping(1).toSchedule(NestModelHandDerivedTest.machine());
        assertEquals(List.of(new NestSchedule.Spatial("cols", "n", 4)), schedule.spatial());
        assertEquals(List.of(new NestSchedule.Temporal("k", 3), new NestSchedule.Temporal("m", 2)), schedule.loops());
        assertEquals(Map.of("input", Map.of("DRAM", 2, "BUF", 2), "weight", Map.of("DRAM", 2, "BUF", 1),
                "output", Map.of("DRAM", 2, "BUF", 2, "REG", 1)), schedule.keeps());
        assertEquals(List.of("DRAM", "BUF", "REG"), List.copyOf(schedule.keeps().get("output").keySet()));
        assertTrue(schedule.keeps().containsKey("weight"));
    }
}
