package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.ArrayDim;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.PeKind;
import dev.weft.arch.Port;
import dev.weft.arch.SpatialArray;
import dev.weft.arch.StorageKind;
import dev.weft.workload.DType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every figure of one small mapping, worked out by hand from the conventions in
 * {@code NestCostModel}'s documentation. The machine: 4 columns unrolling n (0.5 pJ a MAC);
 * a DRAM (one 16-bit read-write port, 8-bit minimum, 100 pJ a read and 200 a write access);
 * a buffer serving the whole array (32-bit read and write ports, 8-bit minimum, 2 and 3 pJ);
 * a per-PE output register (16-bit ports, 16-bit minimum, 0.5 and 0.25 pJ), so 4 instances.
 * Elements 8 bits, partial sums 16. The problem O[2,4] += I[2,3] * W[3,4] (24 MACs) with n
 * unrolled 4, temporal loops k3 (innermost), m2; inputs kept whole in the buffer, weights with
 * k3 only (m does not index them: one refill), outputs with k3 in the register and all in the
 * buffer.
 */
class NestModelHandDerivedTest {
    static final long REGISTER_BITS = 16;
    static final long BUFFER_BITS = 208;

    static Hierarchy machine() {
        return machine(REGISTER_BITS, BUFFER_BITS, 16);
    }

    static Hierarchy machine(long registerBits, long bufferBits, double dramPortBits) {
        return machine(registerBits, bufferBits,
                List.of(new Port(Port.Direction.READ_WRITE, dramPortBits, 8, EnumSet.allOf(Operand.class))));
    }

    static Hierarchy machine(long registerBits, long bufferBits, List<Port> dramPorts) {
        Set<Operand> all = EnumSet.allOf(Operand.class);
        Memory dram = new Memory("DRAM", StorageKind.DRAM, Long.MAX_VALUE, all, List.of("cols"), 100, 200,
                dramPorts, Map.of());
        Memory buffer = new Memory("BUF", StorageKind.SRAM, bufferBits, all, List.of("cols"), 2, 3,
                List.of(new Port(Port.Direction.READ, 32, 8, all), new Port(Port.Direction.WRITE, 32, 8, all)),
                Map.of());
        Set<Operand> out = EnumSet.of(Operand.OUTPUT);
        Memory register = new Memory("REG", StorageKind.REGISTER, registerBits, out, List.of(), 0.5, 0.25,
                List.of(new Port(Port.Direction.READ, 16, 16, out), new Port(Port.Direction.WRITE, 16, 16, out)),
                Map.of());
        SpatialArray array = new SpatialArray("pe", List.of(new ArrayDim("cols", 4, List.of("n"))),
                new PeKind.Mac(DType.INT8), 0.5, Optional.empty());
        return new Hierarchy(List.of(dram, buffer, register), array,
                Map.of(Operand.INPUT, 8, Operand.WEIGHT, 8, Operand.OUTPUT, 8), 16);
    }

    static final NestProblem PROBLEM = NestProblem.gemm("hand", 1, 2, 4, 3);

    static NestMapping mapping(int registerCut) {
        return new NestMapping(List.of(new Unroll("cols", NestProblem.N, 4)),
                List.of(new Loop(NestProblem.K, 3), new Loop(NestProblem.M, 2)),
                Map.of(Operand.INPUT, new int[] {2, 2}, Operand.WEIGHT, new int[] {1, 2},
                        Operand.OUTPUT, new int[] {registerCut, 2, 2}));
    }

    @Test
    void everyAccessAndItsEnergy() {
        NestCost cost = new NestCostModel(machine()).evaluate(PROBLEM, mapping(1));
        Map<String, Map<Operand, NestCost.Access>> at = cost.accesses();
        assertEquals(List.of("DRAM", "BUF", "REG"), List.copyOf(at.keySet()));
        assertEquals(Set.of(Operand.OUTPUT), at.get("REG").keySet());

        // Register, output. Each of the 6 cycles every PE writes a 16-bit partial sum (one
        // access): 6 x 4 = 24 writes x 0.25 pJ. It reads it back on all but the first k step
        // of each of the 2 outputs a PE makes: 6 - 2 = 4 reads x 4 PEs x 0.5 pJ = 8 pJ. The 2
        // finished 8-bit sums leave it per PE: 8 bits still take a whole 16-bit access,
        // 2 x 4 x 0.5 = 4 pJ.
        assertAccess(256 + 64, 384, 8 + 4, 6, at.get("REG").get(Operand.OUTPUT));

        // Buffer, input: the PEs read one input a cycle, broadcast along n: 6 x 8 bits, a quarter
        // of a 32-bit access each (1.5 accesses x 2 pJ); the 6 inputs are written once from
        // DRAM, 48 bits = 6 minimum accesses = 1.5 full ones x 3 pJ.
        assertAccess(48, 48, 3, 4.5, at.get("BUF").get(Operand.INPUT));
        // Buffer, weight: 4 weights (32 bits, one access) a cycle: 6 x 2 pJ; the 12 weights
        // written once (m does not index them): 96 bits = 3 accesses x 3 pJ.
        assertAccess(192, 96, 12, 9, at.get("BUF").get(Operand.WEIGHT));
        // Buffer, output: each m step the 4 finished outputs come in (32 bits, 2 x 3 pJ) and
        // never go back down; the 8 go up to DRAM once: 64 bits = 2 accesses x 2 pJ.
        assertAccess(64, 64, 4, 6, at.get("BUF").get(Operand.OUTPUT));

        // DRAM on a 16-bit port: 48 input bits = 3 accesses x 100, 96 weight bits = 6 x 100,
        // 64 output bits written = 4 x 200.
        assertAccess(48, 0, 300, 0, at.get("DRAM").get(Operand.INPUT));
        assertAccess(96, 0, 600, 0, at.get("DRAM").get(Operand.WEIGHT));
        assertAccess(0, 64, 0, 800, at.get("DRAM").get(Operand.OUTPUT));

        assertEquals(24, cost.usefulMacs());
        assertEquals(12, cost.computePj(), 1e-12);
        assertEquals(4, cost.activePes());
        assertEquals(18, cost.memoryPj("REG"), 1e-12);
        assertEquals(38.5, cost.memoryPj("BUF"), 1e-12);
        assertEquals(1700, cost.memoryPj("DRAM"), 1e-12);
        assertEquals(1768.5, cost.energyPj(), 1e-9);
    }

    /**
     * Busy ports: DRAM moves 208 bits on 16 = 13 cycles; the buffer's read port 304 bits on 32 =
     * 9.5, rounded up to 10; each register instance writes 384 / 4 bits on 16 = 6 cycles.
     * Loading: the first weights (4, one per column) take 32 bits over DRAM's 16-bit port = 2
     * cycles (the first input 8 bits, half a cycle). Draining the last 4 outputs: 32 bits from the
     * 4 registers (half a cycle) into the buffer (1 cycle), then out of the buffer (1) into DRAM
     * (2): 3 cycles. Late arrivals on the DRAM port: by the end of the first k pass (iteration 2)
     * it owes the whole weight tile (6 cycles) and the inputs of that pass (3 of the 6 inputs,
     * 1.5 cycles): 7.5 - 2 = 5.5, rounded up to 6, more than the 2 of loading. Total
     * 6 + 6 + 3 = 15, above the 13 of the busiest port: 4 stall cycles beyond load and drain.
     */
    @Test
    void latencyTermsAndBusyPorts() {
        NestCost cost = new NestCostModel(machine()).evaluate(PROBLEM, mapping(1));
        assertEquals(Map.of("DRAM", 13L, "BUF", 10L, "REG", 6L), cost.busyCycles());
        assertEquals(6, cost.idealCycles());
        assertEquals(2, cost.onloadCycles());
        assertEquals(3, cost.offloadCycles());
        assertEquals(4, cost.stallCycles());
        assertEquals(15, cost.cycles());
    }

    /**
     * On an 8-bit DRAM port the busiest port decides: 208 bits = 26 cycles against
     * 6 + late + drain: late on DRAM doubles to 15 - 2 = 13, drain to 1 + 4 = 5 (loading 4):
     * 6 + 13 + 5 = 24 < 26.
     */
    @Test
    void theBusiestPortBoundsTheLatency() {
        NestCost cost = new NestCostModel(machine(REGISTER_BITS, BUFFER_BITS, 8)).evaluate(PROBLEM, mapping(1));
        assertEquals(26L, cost.busyCycles().get("DRAM"));
        assertEquals(4, cost.onloadCycles());
        assertEquals(5, cost.offloadCycles());
        assertEquals(26, cost.cycles());
        assertEquals(26 - 6 - 4 - 5, cost.stallCycles());
    }

    /**
     * The register holds one 16-bit partial sum (k is still open inside it); the buffer 6
     * inputs, 12 weights and 8 finished outputs at 8 bits: 208 bits. One bit less overflows.
     */
    @Test
    void tilesFitExactlyAtCapacity() {
        assertEquals(Optional.empty(), new NestCostModel(machine()).overflow(PROBLEM, mapping(1)));
        assertEquals(Optional.of("REG would hold 16 bits of tiles, it has 15"),
                new NestCostModel(machine(15, BUFFER_BITS, 16)).overflow(PROBLEM, mapping(1)));
        assertEquals(Optional.of("BUF would hold 208 bits of tiles, it has 207"),
                new NestCostModel(machine(REGISTER_BITS, 207, 16)).overflow(PROBLEM, mapping(1)));
    }

    /**
     * The same operator with m innermost (m2, then k3), the register keeping nothing: the k
     * reduction is outside it, so every cycle's 4 partial sums (16 bits each) go up to the
     * buffer and, on all but the first of the 3 k steps of each of the 2 rows, come back down.
     * <ul>
     *   <li>Register: 6 x 4 partial-sum writes from the PEs and 4 x 4 reads back (6 + 8 pJ);
     *       6 x 4 reads up to the buffer (12 pJ), 4 x 4 writes coming back (4 pJ).</li>
     *   <li>Buffer, output: 6 writes of 64 bits (2 accesses x 3 pJ each: 36 pJ), 4 reads of 64
     *       bits back down (16 pJ) and the final 64 bits up to DRAM (4 pJ).</li>
     *   <li>Buffer, weight: m does not index weights, so the PEs keep each weight over the 2 m
     *       steps: 3 reads of 4 weights (6 pJ).</li>
     * </ul>
     * Latency: the buffer's write port is the busiest, 528 bits on 32 = 16.5, so 17 cycles.
     * DRAM's late term: by the end of the k steps of row 0 (iteration 4) it owes the whole weight
     * tile (6 cycles) and 5 of the 6 inputs (2.5): 4.5, under 17 with the 2 of loading and the 3
     * of draining.
     */
    @Test
    void partialSumsTravelWhenTheReductionIsOutside() {
        NestMapping mapping = new NestMapping(List.of(new Unroll("cols", NestProblem.N, 4)),
                List.of(new Loop(NestProblem.M, 2), new Loop(NestProblem.K, 3)),
                Map.of(Operand.INPUT, new int[] {2, 2}, Operand.WEIGHT, new int[] {2, 2},
                        Operand.OUTPUT, new int[] {0, 2, 2}));
        NestCostModel model = new NestCostModel(machine());
        // the buffer accumulates: its 8 outputs take 16 bits each, 48 + 96 + 128 = 272 bits
        assertEquals(Optional.of("BUF would hold 272 bits of tiles, it has 208"), model.overflow(PROBLEM, mapping));
        assertEquals(Optional.empty(), new NestCostModel(machine(REGISTER_BITS, 272, 16)).overflow(PROBLEM, mapping));
        NestCost cost = model.evaluate(PROBLEM, mapping);
        Map<String, Map<Operand, NestCost.Access>> at = cost.accesses();
        assertAccess(640, 640, 20, 10, at.get("REG").get(Operand.OUTPUT));
        assertAccess(320, 384, 20, 36, at.get("BUF").get(Operand.OUTPUT));
        assertAccess(96, 96, 6, 9, at.get("BUF").get(Operand.WEIGHT));
        assertAccess(48, 48, 3, 4.5, at.get("BUF").get(Operand.INPUT));
        assertAccess(0, 64, 0, 800, at.get("DRAM").get(Operand.OUTPUT));
        assertEquals(1820.5, cost.energyPj(), 1e-9);
        assertEquals(Map.of("DRAM", 13L, "BUF", 17L, "REG", 10L), cost.busyCycles());
        assertEquals(2, cost.onloadCycles());
        assertEquals(3, cost.offloadCycles());
        assertEquals(17, cost.cycles());
        assertEquals(6, cost.stallCycles());
    }

    /**
     * k spread over the 4 columns, which the per-PE registers do not serve: the sum completes
     * only on the way into the buffer, so the registers hold 16-bit partial sums even with no
     * k loop left (O[2,1] += I[2,4] * W[4,1], loop m2). Each register writes 2 partial sums (2
     * x 4 x 0.25 pJ), never reads one back, and sends both up at once, 16 bits at the final
     * width: one 16-bit access each, 4 x 0.5 pJ; the buffer takes the 2 reduced 8-bit outputs once (16 bits = half a 32-bit
     * access, 1.5 pJ) and hands them to DRAM (1 pJ; one 16-bit access x 200 pJ).
     */
    @Test
    void aReductionAcrossUnservedColumnsKeepsRegistersPartial() {
        NestProblem problem = NestProblem.gemm("spread-k", 1, 2, 1, 4);
        NestMapping mapping = new NestMapping(List.of(new Unroll("cols", NestProblem.K, 4)),
                List.of(new Loop(NestProblem.M, 2)),
                Map.of(Operand.INPUT, new int[] {1, 1}, Operand.WEIGHT, new int[] {1, 1},
                        Operand.OUTPUT, new int[] {1, 1, 1}));
        assertEquals(Optional.of("REG would hold 32 bits of tiles, it has 16"),
                new NestCostModel(machine()).overflow(PROBLEM, mapping));
        NestCostModel model = new NestCostModel(machine(32, BUFFER_BITS, 16));
        assertEquals(Optional.empty(), model.overflow(PROBLEM, mapping));
        Map<String, Map<Operand, NestCost.Access>> at = model.evaluate(problem, mapping).accesses();
        assertAccess(64, 128, 2, 2, at.get("REG").get(Operand.OUTPUT));
        assertAccess(16, 16, 1, 1.5, at.get("BUF").get(Operand.OUTPUT));
        assertAccess(0, 16, 0, 200, at.get("DRAM").get(Operand.OUTPUT));
    }

    /**
     * The least any mapping spends: each element once in and once out, at the narrowest width,
     * in full-width accesses, once per instance that cannot share it. With k over the columns the
     * 4 registers each need every output: 8 outputs x 4 x 8 bits (the narrower of 8 and 16) =
     * 256 bits, 16 accesses of 16 bits x 0.5 pJ out and 0.25 in. The buffer serves the columns:
     * 6 inputs x 8 bits once, 1.5 accesses of 32 bits x 2 pJ.
     */
    @Test
    void compulsoryTrafficCountsUnsharedCopies() {
        NestCostModel model = new NestCostModel(machine());
        NestCostModel.Spatial spatial = model.spatial(List.of(new Unroll("cols", NestProblem.K, 4)));
        assertEquals(4, spatial.activePes);
        NestCostModel.Tally tally = model.tally();
        int register = 2;
        int buffer = 1;
        model.compulsory(tally, spatial, register, Operand.OUTPUT.ordinal(), 8, true, false);
        model.compulsory(tally, spatial, buffer, Operand.INPUT.ordinal(), 6, false, true);
        assertEquals(256, tally.movedBits[register][Operand.OUTPUT.ordinal() * 2 + NestCostModel.READ], 1e-9);
        assertEquals(0, tally.movedBits[register][Operand.OUTPUT.ordinal() * 2 + NestCostModel.WRITE], 1e-9);
        assertEquals(8, tally.pj[register][Operand.OUTPUT.ordinal() * 2 + NestCostModel.READ], 1e-9);
        assertEquals(48, tally.movedBits[buffer][Operand.INPUT.ordinal() * 2 + NestCostModel.WRITE], 1e-9);
        assertEquals(0, tally.movedBits[buffer][Operand.INPUT.ordinal() * 2 + NestCostModel.READ], 1e-9);
        assertEquals(4.5, tally.pj[buffer][Operand.INPUT.ordinal() * 2 + NestCostModel.WRITE], 1e-9);
        assertEquals(12.5, tally.memoryPj(), 1e-9);
        model.compulsory(tally, spatial, register, Operand.OUTPUT.ordinal(), 8, false, true);
        assertEquals(12.5 + 16 * 0.25, tally.memoryPj(), 1e-9);
        tally.clear();
        assertEquals(0, tally.memoryPj());
    }

    /**
     * DRAM with two read-write ports, 16 and 48 bits: transfers are still priced at the first
     * port (the same 1700 pJ), but the bits split 1:3 over both, so each is busy 208 / 64 =
     * 3.25 cycles. Loading: the first 4 weights take 32 bits / 64 = half a cycle out of DRAM and
     * a whole one into the buffer; draining: 1 (register to buffer) + 1 (buffer to DRAM). The
     * late term falls to the buffer's write port: by iteration 2 it owes the weight tile (96
     * bits, 3 cycles) and half the input tile (24 bits, 0.75): 1.75, so 2. The buffer's read
     * port (9.5, so 10) now decides: 6 + 2 + 2 = 10 as well, 1 stall cycle beyond the 9 of ideal,
     * loading and draining.
     */
    @Test
    void parallelPortsShareTheBits() {
        Set<Operand> all = EnumSet.allOf(Operand.class);
        Hierarchy hierarchy = machine(REGISTER_BITS, BUFFER_BITS, List.of(new Port(Port.Direction.READ_WRITE, 16, 8, all),
                new Port(Port.Direction.READ_WRITE, 48, 8, all)));
        NestCost cost = new NestCostModel(hierarchy).evaluate(PROBLEM, mapping(1));
        assertEquals(1700, cost.memoryPj("DRAM"), 1e-9);
        assertEquals(Map.of("DRAM", 4L, "BUF", 10L, "REG", 6L), cost.busyCycles());
        assertEquals(1, cost.onloadCycles());
        assertEquals(2, cost.offloadCycles());
        assertEquals(10, cost.cycles());
        assertEquals(1, cost.stallCycles());
    }

    private static void assertAccess(double readBits, double writeBits, double readPj, double writePj,
                                     NestCost.Access access) {
        assertEquals(readBits, access.readBits(), 1e-9, "bits read");
        assertEquals(writeBits, access.writeBits(), 1e-9, "bits written");
        assertEquals(readPj, access.readPj(), 1e-9, "read pJ");
        assertEquals(writePj, access.writePj(), 1e-9, "write pJ");
    }
}
