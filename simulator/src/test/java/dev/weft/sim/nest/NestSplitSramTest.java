package dev.weft.sim.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Operand;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.NestSchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The split-SRAM machine and mapping whose every access the mapper's
 * {@code SplitSramHandDerivedTest} derives by hand: O[16,8] += I[16,8] * W[8,8] on a 4x4 array
 * (rows unroll k, columns n), temporal loops m16 (innermost), k2, n2, every tile kept in the
 * SRAMs. The simulator, counting the transfers it performs, must find the same figures:
 * <ul>
 *   <li>DRAM: 128 inputs and 64 weights read once, 128 finished 8-bit outputs written once.</li>
 *   <li>WSRAM: 64 weights written, each read once (the PEs keep a weight while m steps).</li>
 *   <li>ASRAM, input: 128 written, 256 read (4 rows' inputs each of the 64 cycles).</li>
 *   <li>ASRAM, output: 256 24-bit partial sums written, 128 read back (all but the first k step),
 *       128 finished 8-bit outputs read on their way to DRAM.</li>
 * </ul>
 * Time: 64 cycles of compute; the first step waits for its input word, weight and nothing else
 * (the ASRAM and WSRAM tiles stream in from DRAM at 64 bits a cycle while the array computes).
 */
class NestSplitSramTest {
    private static final NestSchedule MAPPING = new NestSchedule(
            List.of(new NestSchedule.Spatial("rows", "k", 4), new NestSchedule.Spatial("cols", "n", 4)),
            List.of(new NestSchedule.Temporal("m", 16), new NestSchedule.Temporal("k", 2),
                    new NestSchedule.Temporal("n", 2)),
            Map.of("input", Map.of("DRAM", 3, "ASRAM", 3), "weight", Map.of("DRAM", 3, "WSRAM", 3),
                    "output", Map.of("DRAM", 3, "ASRAM", 3)));

    private static Architecture arch() throws Exception {
        return ArchitectureLoader.load(Path.of(NestSplitSramTest.class.getResource("/arch/split-sram.yaml").toURI()));
    }

    private static Hierarchy hierarchy() throws Exception {
        return arch().hierarchy();
    }

    @Test
    void countedAccessesEqualTheHandDerivation() throws Exception {
        NestRun run = new NestSimulator(hierarchy()).simulate(1, 16, 8, 8, MAPPING, "test");
        Map<String, Map<Operand, NestRun.Traffic>> bits = run.accesses();

        assertBits(128 * 8, 0, bits.get("DRAM").get(Operand.INPUT));
        assertBits(64 * 8, 0, bits.get("DRAM").get(Operand.WEIGHT));
        assertBits(0, 128 * 8, bits.get("DRAM").get(Operand.OUTPUT));
        assertEquals(List.of(Operand.WEIGHT), List.copyOf(bits.get("WSRAM").keySet()));
        assertBits(64 * 8, 64 * 8, bits.get("WSRAM").get(Operand.WEIGHT));
        assertEquals(List.of(Operand.INPUT, Operand.OUTPUT), List.copyOf(bits.get("ASRAM").keySet()));
        assertBits(256 * 8, 128 * 8, bits.get("ASRAM").get(Operand.INPUT));
        assertBits(128 * 24 + 128 * 8, 256 * 24, bits.get("ASRAM").get(Operand.OUTPUT));

        // 128-bit ports, 8-bit minimum: a 4-byte transfer is a quarter access; 40 pJ an access
        NestRun.Traffic asramOutput = bits.get("ASRAM").get(Operand.OUTPUT);
        assertEquals(128 * 24 / 128.0 + 128 * 8 / 128.0, asramOutput.readAccesses(), 1e-9);
        assertEquals(256 * 24 / 128.0, asramOutput.writeAccesses(), 1e-9);
        double asramOutputPj = (256 * 24 / 128.0 + 128 * 24 / 128.0 + 128 * 8 / 128.0) * 40;
        assertEquals(asramOutputPj, new ArchEnergyTable(arch()).accessPj("ASRAM", new ActionCounts.Access(
                asramOutput.readAccesses(), asramOutput.writeAccesses(), ActionCounts.AccessUnit.PORT_ACCESSES)), 1e-9);
        assertEquals(64, run.computeCycles());
        assertEquals(run.cycles() - 64, run.stallCycles());
    }

    @Test
    void loopsThatDoNotCoverTheExtentsAreRefused() throws Exception {
        WeftInputException refused = assertThrows(WeftInputException.class,
                () -> new NestSimulator(hierarchy()).simulate(1, 32, 8, 8, MAPPING, "schedule.json"));
        assertEquals("schedule.json", refused.source());
        assertEquals("nest.loops", refused.field());
    }

    private static void assertBits(double read, double written, NestRun.Traffic traffic) {
        assertEquals(read, traffic.readBits(), 1e-9, "bits read");
        assertEquals(written, traffic.writeBits(), 1e-9, "bits written");
    }
}
