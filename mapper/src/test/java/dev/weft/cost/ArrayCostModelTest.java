package dev.weft.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.TestArchitectures;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.zoo.GraphBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived figures for a 16x37x16 int8 GEMM (M x K x N) on a 4x4 array. A fold takes
 * 2R + C + T - 2 cycles: R = C = 4, so 10 + T.
 */
class ArrayCostModelTest {

    private static GemmView gemm(long m, long k, long n) {
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("fc", "block", "x", m, k, n, false);
        Operator op = g.operators().get(0);
        return GemmView.of(op);
    }

    private static OperatorCost cost(String dataflow, GemmTile tile, String order) {
        Architecture arch = TestArchitectures.array4x4(dataflow);
        return new ArrayCostModel(arch).evaluate(gemm(16, 37, 16), arch.arrays().get(0), tile, order);
    }

    private static final GemmTile WHOLE = new GemmTile(16, 16, 37);

    @Test
    void weightStationaryFoldsReductionOverRowsAndOutputsOverColumns() {
        // ceil(37/4) = 10 row folds x ceil(16/4) = 4 column folds, each streams M = 16: 40 x 26
        assertEquals(40 * 26, cost("ws", WHOLE, "mnk").computeCycles());
    }

    @Test
    void outputStationaryFoldsOutputsAndStreamsTheReduction() {
        // ceil(16/4) x ceil(16/4) = 16 folds, each streams K = 37: 16 x 47
        assertEquals(16 * 47, cost("os", WHOLE, "mnk").computeCycles());
    }

    @Test
    void inputStationaryFoldsReductionAndRowsAndStreamsColumns() {
        // ceil(37/4) = 10 x ceil(16/4) = 4 folds, each streams N = 16: 40 x 26
        assertEquals(40 * 26, cost("is", WHOLE, "mnk").computeCycles());
    }

    /**
     * Shadow weight registers: a tile's first fold loads its weights (R = 4 cycles) and streams,
     * 4 + 4 + 16 - 2 = 22; the other 39 find their weights in the shadows, 22 each. Every weight of
     * a tile is written into a shadow once and read by the swap once: 37 x 16 register words each
     * way beside the MACs' 2 reads and 1 write per action (16 x 16 x 37 = 9472 actions).
     */
    @Test
    void doubleBufferedWeightsLoadOnceATile() {
        Architecture single = TestArchitectures.array4x4("ws");
        ComputeArray mac = single.arrays().get(0);
        ComputeArray doubled = new ComputeArray(mac.name(), mac.rows(), mac.cols(), mac.pe(), mac.dataflow(),
                mac.pjPerOp(), true);
        Architecture arch = new Architecture(single.name(), single.description(), single.source(), single.clockHz(),
                single.levels(), List.of(doubled), single.vector(), single.technology(), single.hierarchy());
        OperatorCost whole = new ArrayCostModel(arch).evaluate(gemm(16, 37, 16), doubled, WHOLE, "mnk");
        assertEquals(4 + 40 * 22, whole.computeCycles());
        assertEquals(2 * 9472 + 37 * 16, whole.traffic().get("PE_REG").readBytes(), 1e-9);
        assertEquals(9472 + 37 * 16, whole.traffic().get("PE_REG").writeBytes(), 1e-9);
        // two m tiles of 8: each pays its first load, 4 + 40 x (4 + 4 + 8 - 2), and loads all 37 x 16 weights
        OperatorCost halves = new ArrayCostModel(arch).evaluate(gemm(16, 37, 16), doubled, new GemmTile(8, 16, 37), "mnk");
        assertEquals(2 * (4 + 40 * 14), halves.computeCycles());
        assertEquals(9472 + 2 * 37 * 16, halves.traffic().get("PE_REG").writeBytes(), 1e-9);
    }

    @Test
    void edgeTilesAreCountedAtTheirTrueSize() {
        // k tiles of 16, 16 and 5: 4 + 4 + 2 row folds = 10, as untiled
        assertEquals(40 * 26, cost("ws", new GemmTile(16, 16, 16), "mnk").computeCycles());
        // m tiles of 8 stream 8 vectors per fold: 2 tiles x 40 folds x (10 + 8)
        assertEquals(2 * 40 * 18, cost("ws", new GemmTile(8, 16, 37), "mnk").computeCycles());
    }

    @Test
    void dramTrafficOfAWholeTileIsEachTensorOnce() {
        // int8: A 16x37 + B 37x16 bytes read, the 16x16 output written once
        LevelTraffic dram = cost("ws", WHOLE, "mnk").traffic().get("DRAM");
        assertEquals(2 * 16 * 37, dram.readBytes(), 1e-9);
        assertEquals(16 * 16, dram.writeBytes(), 1e-9);
    }

    @Test
    void loopOrderDecidesWhetherTheWeightTileIsRefetched() {
        GemmTile halfM = new GemmTile(8, 16, 37);
        // m outermost: B's tile is fetched again for the second m tile
        assertEquals(16 * 37 + 2 * 37 * 16, cost("ws", halfM, "mnk").traffic().get("DRAM").readBytes(), 1e-9);
        // m innermost: nothing inside B's last loop indexes it, so it stays
        assertEquals(16 * 37 + 37 * 16, cost("ws", halfM, "nkm").traffic().get("DRAM").readBytes(), 1e-9);
    }

    @Test
    void partialSumsSpillToDramWhenReductionIsNotInnermost() {
        // k split in two tiles and k outermost: every output tile is written twice as 4-byte
        // partial sums and read back once, then written once as int8
        GemmTile halfK = new GemmTile(16, 16, 19);
        LevelTraffic dram = cost("ws", halfK, "kmn").traffic().get("DRAM");
        assertEquals(256 * 4 + 256, dram.writeBytes(), 1e-9);
        assertEquals(2 * 16 * 37 + 256 * 4, dram.readBytes(), 1e-9);
        LevelTraffic resident = cost("ws", halfK, "mnk").traffic().get("DRAM");
        assertEquals(256, resident.writeBytes(), 1e-9);
    }

    @Test
    void registerTrafficIsTwoReadsAndOneWritePerMac() {
        LevelTraffic reg = cost("ws", WHOLE, "mnk").traffic().get("PE_REG");
        assertEquals(2.0 * 16 * 16 * 37, reg.readBytes(), 1e-9);
        assertEquals(16.0 * 16 * 37, reg.writeBytes(), 1e-9);
    }

    @Test
    void weightStationaryBufferReadsFollowTheFolds() {
        // inputs once per column fold (4), weights once, partial sums read back for 9 of 10 row folds
        LevelTraffic glb = cost("ws", WHOLE, "mnk").traffic().get("GLB");
        double expectedReads = 16 * 37 * 4 + 37 * 16 + 16 * 16 * 9 * 4 + 16 * 16; // + output written back to DRAM
        assertEquals(expectedReads, glb.readBytes(), 1e-9);
        double expectedWrites = 16 * 16 * 10 * 4 + 2 * 16 * 37; // partial sums + DRAM fills
        assertEquals(expectedWrites, glb.writeBytes(), 1e-9);
    }

    /**
     * Guards the per-PE register's bandwidth: it was required but changed nothing (0.01 or 10
     * B/cycle gave the same cycles). An int8 action reads both operands and reads and writes the
     * 32-bit partial sum, 10 bytes: at 5 B/cycle every fold takes twice the contract's cycles, at
     * 10 or 1000 exactly the contract's, and a register of 1 MB holds no more than the PE uses.
     */
    @Test
    void aRegisterSlowerThanAnActionNeedsStretchesTheFoldsByNeedOverBandwidth() {
        GemmView view = gemm(16, 37, 16);
        long contract = 40 * 26;
        for (String edit : new String[] {"bandwidth_bytes_per_cycle: 10", "bandwidth_bytes_per_cycle: 1000",
                "size_bytes: 1048576"}) {
            Architecture arch = TestArchitectures.array4x4("ws", yaml -> registerEdit(yaml, edit));
            OperatorCost cost = new ArrayCostModel(arch).evaluate(view, arch.arrays().get(0), WHOLE, "mnk");
            assertEquals(contract, cost.computeCycles(), edit);
        }
        Architecture slow = TestArchitectures.array4x4("ws",
                yaml -> registerEdit(yaml, "bandwidth_bytes_per_cycle: 5"));
        OperatorCost halfSpeed = new ArrayCostModel(slow).evaluate(view, slow.arrays().get(0), WHOLE, "mnk");
        assertEquals(2 * contract, halfSpeed.computeCycles());
        assertEquals(cost("ws", WHOLE, "mnk").cycles() + contract, halfSpeed.cycles(),
                "a compute-bound operator slows by the compute cycles added");
    }

    /** The PE_REG level's line {@code key: value} replaced by {@code edit}. */
    private static String registerEdit(String yaml, String edit) {
        String key = edit.substring(0, edit.indexOf(':'));
        int register = yaml.indexOf("name: PE_REG");
        return yaml.substring(0, register) + yaml.substring(register).replaceFirst(key + ": .*", edit);
    }
}
