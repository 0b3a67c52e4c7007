package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Operand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timeloop's Eyeriss-like and Simba-like machines map GEMMs, and what the mapper finds obeys
 * bounds derived by hand from the presets' figures:
 * <ul>
 *   <li>every input and weight element leaves DRAM at least once, and every output element comes
 *       back to it at least once, finished (8 bits);</li>
 *   <li>both DRAMs cost 512 pJ per 64-bit access with 8-bit minimum accesses, 8 pJ a bit, so DRAM
 *       energy is at least 8 pJ x (I + W + O) x 8 bits;</li>
 *   <li>MAC energy is exactly MACs x pj_per_op (0.207692 pJ, 0.315 pJ): the GEMMs are dense;</li>
 *   <li>ideal cycles are at least MACs / PEs (168 and 256), and the total at least the ideal;</li>
 *   <li>the EDP score is energy x cycles.</li>
 * </ul>
 * And on an 8x8x8 GEMM the pruned search returns exactly the brute-force optimum.
 */
class TimeloopLikePresetsTest {
    private static final Map<String, Double> PJ_PER_MAC = Map.of("eyeriss-like", 0.207692, "simba-like", 0.315);
    private static final Map<String, Integer> PES = Map.of("eyeriss-like", 168, "simba-like", 256);
    private static final double DRAM_PJ_PER_BIT = 512.0 / 64;

    @ParameterizedTest
    @ValueSource(strings = {"eyeriss-like", "simba-like"})
    void gemmsMapWithinHandDerivedBounds(String preset) {
        Hierarchy hierarchy = ArchitectureLoader.preset(preset).hierarchy();
        assertEquals(PES.get(preset).longValue(), hierarchy.array().pes());
        // bert-tiny's second MLP layer (128 tokens, 512 -> 128): kept greedily, Simba's sixteen 64 KiB PE
        // input buffers each take a 64 KiB tile, which together overflow the 64 KiB global buffer above
        // them; no mapping fitted until the inner buffers yield loops to it
        for (NestProblem problem : List.of(NestProblem.gemm("g64", 1, 64, 64, 64),
                NestProblem.gemm("bert-qkv", 1, 128, 768, 768), NestProblem.gemm("bert-tiny-fc2", 1, 128, 128, 512))) {
            String what = preset + " " + problem.name();
            NestMapper mapper = new NestMapper(hierarchy, Objective.EDP);
            Optional<NestMapper.Best> best = mapper.map(problem);
            assertTrue(best.isPresent(), what + ": a mapping fits");
            assertEquals(Optional.empty(), mapper.model().overflow(problem, best.get().mapping()),
                    what + ": every memory holds the tiles the mapping gives it");
            NestCost cost = best.get().cost();
            double macs = problem.usefulMacs();
            double inputBits = problem.elements(Operand.INPUT) * 8;
            double weightBits = problem.elements(Operand.WEIGHT) * 8;
            double outputBits = problem.elements(Operand.OUTPUT) * 8;
            Map<Operand, NestCost.Access> dram = cost.accesses().get("DRAM");
            assertTrue(dram.get(Operand.INPUT).readBits() >= inputBits - 1e-6, what + ": every input read once");
            assertTrue(dram.get(Operand.WEIGHT).readBits() >= weightBits - 1e-6, what + ": every weight read once");
            assertTrue(dram.get(Operand.OUTPUT).writeBits() >= outputBits - 1e-6, what + ": every output written");
            assertTrue(cost.memoryPj("DRAM") >= DRAM_PJ_PER_BIT * (inputBits + weightBits + outputBits) * (1 - 1e-12),
                    what + ": DRAM energy at least 8 pJ a compulsory bit");
            assertEquals(macs * PJ_PER_MAC.get(preset), cost.computePj(), 1e-9 * cost.computePj(), what + ": MAC energy");
            assertTrue(cost.idealCycles() >= Math.ceil(macs / PES.get(preset)), what + ": ideal cycles >= MACs / PEs");
            assertTrue(cost.cycles() >= cost.idealCycles(), what + ": total cycles >= ideal");
            assertTrue(cost.activePes() <= PES.get(preset), what + ": active PEs");
            assertEquals(cost.energyPj() * cost.cycles(), best.get().score(), 1e-9 * best.get().score(),
                    what + ": EDP score");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyeriss-like", "simba-like"})
    void prunedSearchEqualsBruteForceOnASmallGemm(String preset) {
        Hierarchy hierarchy = ArchitectureLoader.preset(preset).hierarchy();
        NestProblem problem = NestProblem.gemm("g8", 1, 8, 8, 8);
        NestMapper search = new NestMapper(hierarchy, Objective.EDP);
        NestMapper brute = new NestMapper(hierarchy, Objective.EDP);
        NestMapper.Best fast = search.map(problem).orElseThrow();
        NestMapper.Best reference = brute.bruteForce(problem).orElseThrow();
        assertEquals(reference.score(), fast.score(), 1e-9 * reference.score(), preset + ": score");
        assertEquals(reference.mapping(), fast.mapping(), preset + ": the same mapping");
    }
}
