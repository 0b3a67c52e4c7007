package dev.weft.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Architecture;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.TestArchitectures;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.DType;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.zoo.GraphBuilder;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived figures of tiled, DRAM-bound runs: the 16x37x16 int8 GEMM (M x K x N) on the 4x4
 * test array with its DRAM slowed to 1 byte a cycle, so that the double-buffered pipeline,
 * the edge tiles, the reuse by loop order and the partial sums all show in the cycles. A fold
 * takes 2R + C + T - 2 = 10 + T cycles.
 */
class ArrayCostModelPipelineTest {

    private static OperatorCost cost(String dataflow, GemmTile tile, String order) {
        Architecture arch = TestArchitectures.array4x4(dataflow,
                yaml -> yaml.replaceFirst("bandwidth_bytes_per_cycle: 1000", "bandwidth_bytes_per_cycle: 1"));
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        return new ArrayCostModel(arch).evaluate(GemmView.of(g.operators().get(0)), arch.arrays().get(0), tile, order);
    }

    private static void traffic(OperatorCost cost, String level, double read, double write) {
        assertEquals(read, cost.traffic().get(level).readBytes(), 1e-9, level + " read");
        assertEquals(write, cost.traffic().get(level).writeBytes(), 1e-9, level + " write");
    }

    /**
     * k tiled 16, 16, 5 (innermost): steps move 32d + 256 bytes (A and B slices, the output),
     * 768, 768 and 416 of 1,952; DRAM moves A and B once and the output once, 1,440 bytes, so a
     * byte costs 1440/1952 cycles: a full step loads in 566.6, the edge in 306.9. Compute: 16
     * folds x 26 = 416 a full tile, 8 x 26 = 208 the edge. Pipeline: max(416, 566.6) (full then
     * full) + max(416, 306.9) (full then the edge) + max(208, 566.6) (the edge then the next
     * full) = 1,549.1, 1,550 cycles; plus the first tile's 512 bytes and the last output's 256.
     */
    @Test
    void narrowEdgeTileCannotHideTheNextFullLoad() {
        OperatorCost cost = cost("ws", new GemmTile(16, 16, 16), "mnk");
        assertEquals(2 * 416 + 208, cost.computeCycles());
        assertEquals(1550 + 512 + 256, cost.cycles());
        assertEquals(1440, cost.levelCycles().get("DRAM"));
        assertEquals("DRAM", cost.bound());
        traffic(cost, "DRAM", 2 * 16 * 37, 256);
        // per full k tile: A 16x16 once per column fold (4), B once, 3 of 4 row folds' partial sums
        // read back and all 4 written at 4 bytes; the 5-deep edge: 320, 80, 1 of 2 and 2; two
        // reduction tiles accumulate the 16x16 output in the buffer; DRAM fills land in it
        traffic(cost, "GLB", 2 * (1024 + 256 + 768 * 4) + (320 + 80 + 256 * 4) + 2 * 256 * 4 + 256,
                2 * 256 * 4 * 4 + 256 * 2 * 4 + 2 * 16 * 37);
        traffic(cost, "PE_REG", 2.0 * 16 * 37 * 16, 16.0 * 37 * 16);
        assertEquals(16.0 * 37 * 16, cost.unitOps());
        assertEquals(16.0 * 37 * 16 / (2318.0 * 16), cost.utilization(), 1e-12);
    }

    /**
     * m tiled 8, 8 (innermost, no edge): B is fetched again for the second m tile (its last
     * indexing loop, k, sits inside m), A and the output once: 592 + 1,184 read, 256 written,
     * 2,032 cycles. A step moves 8x37 + 37x16 + 8x16 = 1,016 bytes, one cycle each; compute 40
     * folds x 18 = 720, so each step takes 1,016. First tile 8x37 + 37x16, last output 8x16.
     */
    @Test
    void equalStepsTakeTheirLoadWhenDramBound() {
        OperatorCost cost = cost("ws", new GemmTile(8, 16, 37), "mnk");
        assertEquals(2 * 720, cost.computeCycles());
        assertEquals(2 * 1016 + 888 + 128, cost.cycles());
        traffic(cost, "DRAM", 16 * 37 + 2 * 37 * 16, 256);
        // per m tile: A 8x37 once per column fold (4), B once, 9 of 10 row folds' partial sums read
        traffic(cost, "GLB", 2 * (1184 + 592 + 8 * 16 * 9 * 4) + 256, 2 * 8 * 16 * 10 * 4 + 16 * 37 + 2 * 37 * 16);
    }

    /**
     * Input stationary, k split 19 + 18 and outermost: the output goes back to DRAM as 32-bit
     * partial sums after the first k tile and is read back once: 1,184 + 1,024 read, 1,024 +
     * 256 written, 3,488 cycles, which the steps take whole (DRAM-bound).
     */
    @Test
    void partialSumsSpilledByTheLoopOrderCostTheirTransfers() {
        OperatorCost cost = cost("is", new GemmTile(16, 16, 19), "kmn");
        traffic(cost, "DRAM", 2 * 16 * 37 + 256 * 4, 256 * 4 + 256);
        assertEquals(1040, cost.computeCycles());
        assertEquals(3488 + 608 + 256, cost.cycles());
    }

    @Test
    void aTileOccupiesTheBufferTwiceOver() {
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        // (2x3 of A + 3x5 of B at a byte + 2x5 partial sums at 4 bytes), double-buffered
        assertEquals(2 * (6 + 15 + 40), ArrayCostModel.footprintBytes(GemmView.of(g.operators().get(0)),
                new GemmTile(2, 5, 3)), 1e-9);
    }

    /**
     * The reduction the array steps through: an N:M array running its own pattern skips the
     * zeros (37 x 2/4, 19 rounded up), an XNOR array takes a 64-bit word of codes per bit plane
     * of the other operand (1 word x 8 planes), a MAC array every element; a pattern the array
     * does not run is stepped through whole.
     */
    @Test
    void arrayReductionPerProcessingElement() {
        GraphBuilder sparse = new GraphBuilder(DType.INT8, StorageFormat.parseSparsity("2:4", "--sparsity", null));
        sparse.linear("fc", "block", "x", 16, 37, 16, false);
        GemmView nm = GemmView.of(sparse.operators().get(0));
        Architecture nmArray = TestArchitectures.array4x4("ws", yaml -> yaml.replace("pe: {kind: mac, dtype: int8}",
                "pe: {kind: sparse_nm, dtype: int8, n: 2, m: 4}").replace("size_bytes: 8", "size_bytes: 64"));
        assertEquals(19, ArrayCostModel.arrayReduction(nm, nmArray.arrays().get(0), 37));
        Architecture other = TestArchitectures.array4x4("ws", yaml -> yaml.replace("pe: {kind: mac, dtype: int8}",
                "pe: {kind: sparse_nm, dtype: int8, n: 1, m: 4}").replace("size_bytes: 8", "size_bytes: 64"));
        assertEquals(37, ArrayCostModel.arrayReduction(nm, other.arrays().get(0), 37));
        Architecture xnor = TestArchitectures.array4x4("ws", yaml -> yaml.replace("pe: {kind: mac, dtype: int8}",
                "pe: {kind: xnor_popcount, word_bits: 64}").replace("size_bytes: 8", "size_bytes: 64"));
        GraphBuilder dense = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        dense.linear("fc", "block", "x", 16, 37, 16, false);
        GemmView view = GemmView.of(dense.operators().get(0));
        assertEquals(8, ArrayCostModel.arrayReduction(view, xnor.arrays().get(0), 37));
        assertEquals(2 * 8, ArrayCostModel.arrayReduction(view, xnor.arrays().get(0), 65));
        assertEquals(37, ArrayCostModel.arrayReduction(view, TestArchitectures.array4x4("ws").arrays().get(0), 37));
    }

    private static OperatorCost fp16(String dataflow, GemmTile tile, String order, int dramBytesPerCycle) {
        Architecture arch = TestArchitectures.array4x4(dataflow, yaml -> yaml.replaceFirst(
                "bandwidth_bytes_per_cycle: 1000", "bandwidth_bytes_per_cycle: " + dramBytesPerCycle)
                .replace("word_bits: 8", "word_bits: 16"));
        GraphBuilder g = new GraphBuilder(DType.FP16, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        return new ArrayCostModel(arch).evaluate(GemmView.of(g.operators().get(0)), arch.arrays().get(0), tile, order);
    }

    /**
     * fp16 (2 bytes) on an output-stationary array, n tiled 6, 6, 4 innermost, DRAM at 3 B/cycle.
     * DRAM: A and B once, 2 x (592 + 592), the output once, 2 x 256: 2,880 bytes, 960 cycles,
     * over steps of 2 x (592 + 53d) bytes (1,820, 1,820, 1,608). Compute 47 cycles a fold: 8
     * folds for 6 columns, 376; 4 for the edge, 188. Pipeline: 376 + max(376, 294.1) +
     * max(188, 332.9) = 1,084.9, so 1,085; first tile 2 x (16x37 + 37x6) bytes in 543 cycles,
     * last output 2 x 16x6 in 64. Buffer: A once per column fold and B once per row fold of each
     * n tile (6: 2 and 4; 4: 1 and 4) at 2 bytes, outputs written once at 4 bytes.
     */
    @Test
    void twoByteOperandsOnAnOutputStationaryArrayWithAnEdgeInTheInnermostLoop() {
        OperatorCost cost = fp16("os", new GemmTile(16, 6, 37), "mkn", 3);
        assertEquals(2 * 376 + 188, cost.computeCycles());
        assertEquals(1085 + 543 + 64, cost.cycles());
        // the port's 960 cycles exceed the 940 of compute, though the pipeline hides most of them
        assertEquals("DRAM", cost.bound());
        traffic(cost, "DRAM", 2 * (592 + 592), 2 * 256);
        traffic(cost, "GLB", 2 * 2 * (592 * 2 + 222 * 4) + 2 * (592 + 148 * 4) + 2 * 256,
                4 * (2 * 96 + 64) + 2 * (592 + 592));
        // two 2-byte register reads and one write per MAC
        traffic(cost, "PE_REG", 4.0 * 16 * 37 * 16, 2.0 * 16 * 37 * 16);
    }

    /**
     * fp16 on an input-stationary array, k split 19 + 18 outermost, DRAM at 5 B/cycle: the
     * output spills as 4-byte partial sums once (1,024 each way) beside A and B (2 x 1,184 read)
     * and the fp16 output (512 written), 986 cycles, hidden by the 1,040 compute cycles; first
     * tile 2 x (16x19 + 19x16) bytes in 244 cycles, last output 512 bytes in 103.
     */
    @Test
    void twoByteOperandsOnAnInputStationaryArrayWithSpilledPartialSums() {
        OperatorCost cost = fp16("is", new GemmTile(16, 16, 19), "kmn", 5);
        assertEquals(1040 + 244 + 103, cost.cycles());
        traffic(cost, "DRAM", 2 * 2 * 592 + 1024, 1024 + 512);
        // per k tile (19 and 18 deep, 5 row folds each): A once, B once per column fold (4),
        // partial sums of 4 of 5 row folds read back and all 5 written; plus the second k tile's
        // accumulation, and the DRAM traffic passing through
        traffic(cost, "GLB", 2 * (304 + 304 * 4) + 2 * (288 + 288 * 4) + 4 * 256 * (4 + 4) + 4 * 256 + 1536,
                4 * 256 * (5 + 5) + 3392);
    }

    /**
     * A staging SRAM between DRAM and the buffer passes DRAM's 1,440 bytes through both ways;
     * at 1 B/cycle its 2,880 cycles bound the operator, plus a cycle each for the first tile
     * and the last output at DRAM's 1,000 B/cycle.
     */
    @Test
    void aSlowStagingLevelBoundsTheOperator() {
        Architecture arch = TestArchitectures.array4x4("ws", yaml -> yaml.replace("  - name: GLB\n",
                "  - name: L2\n    kind: sram\n    size_kib: 256\n    word_bits: 64\n"
                        + "    bandwidth_bytes_per_cycle: 1\n    read_pj_per_word: 30\n    write_pj_per_word: 30\n"
                        + "  - name: GLB\n"));
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        OperatorCost cost = new ArrayCostModel(arch).evaluate(GemmView.of(g.operators().get(0)), arch.arrays().get(0),
                new GemmTile(16, 16, 16), "mnk");
        traffic(cost, "L2", 1440, 1440);
        assertEquals("L2", cost.bound());
        assertEquals(2880 + 1 + 1, cost.cycles());
    }

    /**
     * An XNOR array's useful work is its word actions: 16 x 16 outputs, each one 64-bit word of
     * codes against 8 bit planes, 2,048 actions.
     */
    @Test
    void anXnorArrayCountsItsWordActionsAsUsefulWork() {
        Architecture xnor = TestArchitectures.array4x4("ws", yaml -> yaml.replace("pe: {kind: mac, dtype: int8}",
                "pe: {kind: xnor_popcount, word_bits: 64}").replace("size_bytes: 8", "size_bytes: 64"));
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        OperatorCost cost = new ArrayCostModel(xnor).evaluate(GemmView.of(g.operators().get(0)), xnor.arrays().get(0),
                new GemmTile(16, 16, 37), "mnk");
        assertEquals(2048, cost.unitOps(), 1e-9);
        assertEquals(2048, cost.usefulOps(), 1e-9);
    }

    @Test
    void twoByteTilesOccupyTwiceTheirBytes() {
        GraphBuilder g = new GraphBuilder(DType.FP16, StorageFormat.DENSE);
        g.linear("fc", "block", "x", 16, 37, 16, false);
        assertEquals(2 * (6 * 2 + 15 * 2 + 40), ArrayCostModel.footprintBytes(GemmView.of(g.operators().get(0)),
                new GemmTile(2, 5, 3)), 1e-9);
    }
}
