package dev.weft.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.arch.Architecture;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.TestArchitectures;
import dev.weft.workload.DType;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.zoo.GraphBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-derived vector-unit costs on the 4x4 test machine (4 lanes), and the energy models by name. */
class VectorAndEnergyModelTest {

    private static OperatorCost vector(String edit, long rows, long cols, int muls, int adds, int nonlinear) {
        Architecture arch = TestArchitectures.array4x4("ws", yaml -> yaml.replaceFirst(
                "bandwidth_bytes_per_cycle: 1000", "bandwidth_bytes_per_cycle: " + edit));
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.vector("v", "scale", "b", "x", rows, cols, muls, adds, nonlinear);
        return new VectorCostModel(arch).evaluate(g.operators().get(0));
    }

    /**
     * 10 x 100 int8 elements, 2 products, 1 sum and 1 exponential each: 4,000 lane operations
     * on 4 lanes, 1,000 cycles. 1,000 bytes in from DRAM and 1,000 out; the buffer stages both
     * ways, 2,000 read and 2,000 written, 4 cycles at 1,000 B/cycle.
     */
    @Test
    void lanesDoOneOperationACycleAndOperandsMakeARoundTrip() {
        OperatorCost cost = vector("1000", 10, 100, 2, 1, 1);
        assertEquals(1000, cost.computeCycles());
        assertEquals(1000, cost.cycles());
        assertEquals("compute", cost.bound());
        assertEquals(4000, cost.unitOps(), 1e-9);
        assertEquals(1000, cost.nonlinearOps(), 1e-9);
        assertEquals(4, cost.peCount());
        assertEquals(1.0, cost.utilization(), 1e-12);
        assertEquals(new LevelTraffic(1000, 1000), cost.traffic().get("DRAM"));
        assertEquals(new LevelTraffic(2000, 2000), cost.traffic().get("GLB"));
        assertEquals(2, cost.levelCycles().get("DRAM"));
        assertEquals(4, cost.levelCycles().get("GLB"));
    }

    /** With DRAM at 1 B/cycle the 2,000 bytes take 2,000 cycles, twice the lanes' 1,000. */
    @Test
    void aSlowDramBoundsTheVectorUnit() {
        OperatorCost cost = vector("1", 10, 100, 2, 1, 1);
        assertEquals(2000, cost.cycles());
        assertEquals("DRAM", cost.bound());
        assertEquals(0.5, cost.utilization(), 1e-12);
    }

    @Test
    void trafficAddsReadsAndWritesSeparately() {
        LevelTraffic sum = new LevelTraffic(3, 5).plus(new LevelTraffic(7, 11));
        assertEquals(new LevelTraffic(10, 16), sum);
        assertEquals(26, sum.totalBytes(), 1e-12);
    }

    @Test
    void energyModelsByName() {
        Architecture arch = TestArchitectures.array4x4("ws");
        assertInstanceOf(ArchEnergyTable.class, EnergyModel.named(" arch ", arch, DType.FP32));
        OperatorCost cost = vector("1000", 10, 100, 2, 1, 1);
        // ops-45nm priced as int8: 2,000 products x 0.2 pJ, 1,000 sums x 0.03 pJ
        Map<String, Double> ops = EnergyModel.named("ops-45nm", arch, DType.INT8).energyPj(cost.actions());
        assertEquals(400, ops.get("mul.int8"), 1e-9);
        assertEquals(30, ops.get("add.int8"), 1e-9);
        assertThrows(WeftInputException.class, () -> EnergyModel.named(null, arch, DType.FP32));
        assertThrows(WeftInputException.class, () -> EnergyModel.named("joules", arch, DType.FP32));
    }
}
