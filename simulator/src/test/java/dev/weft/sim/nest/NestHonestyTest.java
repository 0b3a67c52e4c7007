package dev.weft.sim.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.nest.NestCost;
import dev.weft.nest.NestMapper;
import dev.weft.nest.NestProblem;
import dev.weft.nest.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic loop-nest model against the simulator that executes the same nest: on every
 * {@code weft-arch/2} preset and a few transformer GEMMs, the mapper's chosen mapping is
 * simulated. The two count the same transfers, so every memory's bits and energy per operand
 * must agree exactly; the analytic latency (transfers spread evenly over the run, first tiles
 * in and last tile out on top) must lie within 10% of the simulated one (tile by tile, each
 * port's bandwidth, double buffering, stalls).
 */
class NestHonestyTest {
    private static final List<String> PRESETS = List.of("zigzag-tpu-like", "zigzag-edge-tpu-like",
            "zigzag-ascend-like", "eyeriss-like", "simba-like");
    /** name, b, m, n, k. */
    private static final List<Object[]> GEMMS = List.of(
            new Object[] {"gpt2-qkv-128x768x768", 1L, 128L, 768L, 768L},
            new Object[] {"gpt2-fc1-128x768x3072", 1L, 128L, 3072L, 768L},
            new Object[] {"bert-scores-12x128x64x128", 12L, 128L, 128L, 64L},
            new Object[] {"vit-197x768x768", 1L, 197L, 768L, 768L});

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String preset : PRESETS) {
            for (Object[] gemm : GEMMS) {
                cases.add(Arguments.of(preset, gemm[0], gemm[1], gemm[2], gemm[3], gemm[4]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void simulatorAndAnalyticModelAgree(String preset, String gemm, long b, long m, long n, long k) {
        Architecture arch = ArchitectureLoader.preset(preset);
        NestProblem problem = NestProblem.gemm(gemm, b, m, n, k);
        NestMapper.Best best = new NestMapper(arch.hierarchy(), Objective.EDP).map(problem).orElseThrow();
        NestCost analytic = best.cost();
        long start = System.nanoTime();
        NestRun simulated = new NestSimulator(arch.hierarchy()).simulate(b, m, n, k, best.mapping().toSchedule(arch.hierarchy()),
                preset);
        double seconds = (System.nanoTime() - start) / 1e9;

        double ratio = simulated.cycles() / (double) analytic.cycles();
        System.out.printf(Locale.ROOT, "honesty %-22s %-27s analytic %,12d simulated %,12d (stall %,10d) sim/analytic %.4f"
                + " %.3f s  %s%n", preset, gemm, analytic.cycles(), simulated.cycles(), simulated.stallCycles(), ratio,
                seconds, best.mapping());
        analytic.accesses().forEach((memory, perOperand) -> perOperand.forEach((operand, access) -> {
            NestRun.Traffic traffic = simulated.accesses().get(memory).get(operand);
            String where = preset + " " + gemm + " " + memory + " " + operand.label();
            assertClose(access.readBits(), traffic.readBits(), where + " bits read");
            assertClose(access.writeBits(), traffic.writeBits(), where + " bits written");
            assertClose(access.readAccesses(), traffic.readAccesses(), where + " port accesses read");
            assertClose(access.writeAccesses(), traffic.writeAccesses(), where + " port accesses written");
        }));
        assertEquals(analytic.idealCycles(), simulated.computeCycles(), "temporal iterations");
        assertTrue(Math.abs(ratio - 1) <= 0.10, preset + " " + gemm + ": simulated " + simulated.cycles()
                + " cycles, analytic " + analytic.cycles());
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(1e-6, Math.abs(expected) * 1e-9), what);
    }
}
