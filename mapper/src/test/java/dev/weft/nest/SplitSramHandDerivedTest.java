package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Operand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Separate weight and activation SRAMs each carry their own operands' traffic. Derived by hand
 * for O[16,8] += I[16,8] * W[8,8] on a 4x4 array (rows unroll k, columns n), temporal loops
 * m16 (innermost), k2, n2, every tile kept in the SRAMs:
 * <ul>
 *   <li>DRAM: every input (128) and weight (64) read once, every output (128) written once, final, 8 bits.</li>
 *   <li>WSRAM: the 64 weights written once; the MACs keep a weight while m steps (m does not index
 *       it), so 64 / 16 = 4 refills of the 16 weights the array holds: each weight read once.</li>
 *   <li>ASRAM, input: 128 written; each cycle (64 of them) the 4 inputs of the rows are read and
 *       broadcast along the columns: 256 reads, each input twice (once per n step).</li>
 *   <li>ASRAM, output: each cycle the 4 columns' sums (the rows reduced on the way) are written:
 *       256 writes of 24-bit partial sums; they come back for accumulation except on the first of
 *       the 2 k steps: 256 - 16 x 2 x 4 = 128 reads; at the end 128 finished 8-bit outputs leave for DRAM.</li>
 * </ul>
 */
class SplitSramHandDerivedTest {

    @Test
    void eachSramCarriesOnlyItsOwnOperands() throws Exception {
        Hierarchy hierarchy = ArchitectureLoader.load(Path.of(getClass().getResource("/arch/split-sram.yaml").toURI()))
                .hierarchy();
        NestProblem problem = NestProblem.gemm("split", 1, 16, 8, 8);
        NestMapping mapping = new NestMapping(
                List.of(new Unroll("rows", NestProblem.K, 4), new Unroll("cols", NestProblem.N, 4)),
                List.of(new Loop(NestProblem.M, 16), new Loop(NestProblem.K, 2), new Loop(NestProblem.N, 2)),
                Map.of(Operand.INPUT, new int[] {3, 3}, Operand.WEIGHT, new int[] {3, 3}, Operand.OUTPUT, new int[] {3, 3}));
        NestCostModel model = new NestCostModel(hierarchy);
        assertFalse(model.overflow(problem, mapping).isPresent());
        NestCost cost = model.evaluate(problem, mapping);
        Map<String, Map<Operand, NestCost.Access>> bits = cost.accesses();

        assertBits(128 * 8, 0, bits.get("DRAM").get(Operand.INPUT));
        assertBits(64 * 8, 0, bits.get("DRAM").get(Operand.WEIGHT));
        assertBits(0, 128 * 8, bits.get("DRAM").get(Operand.OUTPUT));

        assertEquals(Map.of(Operand.WEIGHT, bits.get("WSRAM").get(Operand.WEIGHT)), bits.get("WSRAM"));
        assertBits(64 * 8, 64 * 8, bits.get("WSRAM").get(Operand.WEIGHT));

        assertEquals(List.of(Operand.INPUT, Operand.OUTPUT), List.copyOf(bits.get("ASRAM").keySet()));
        assertBits(256 * 8, 128 * 8, bits.get("ASRAM").get(Operand.INPUT));
        assertBits(128 * 24 + 128 * 8, 256 * 24, bits.get("ASRAM").get(Operand.OUTPUT));

        // 128-bit ports, 8-bit minimum: a 4-byte transfer costs a quarter access; 40 pJ an access
        double asramOutputPj = (256 * 24 / 128.0 + 128 * 24 / 128.0 + 128 * 8 / 128.0) * 40;
        assertEquals(asramOutputPj, bits.get("ASRAM").get(Operand.OUTPUT).energyPj(), 1e-9);
        assertEquals(64, cost.idealCycles());
        assertEquals(problem.usefulMacs() * 0.3, cost.computePj(), 1e-9);
    }

    private static void assertBits(double read, double written, NestCost.Access access) {
        assertEquals(read, access.readBits(), 1e-9, "bits read");
        assertEquals(written, access.writeBits(), 1e-9, "bits written");
    }
}
