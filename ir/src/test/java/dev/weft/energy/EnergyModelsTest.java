package dev.weft.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.actions.ActionCounts;
import dev.weft.actions.ComputeAction;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Operand;
import dev.weft.workload.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both energy models price hand-made action counts with the published tables of the presets. */
class EnergyModelsTest {
    private static final Architecture SYSTOLIC = ArchitectureLoader.preset("systolic-32x32-int8");
    private static final Architecture A100 = ArchitectureLoader.preset("a100-sxm-80gb");

    private static ActionCounts.Access bytes(double reads, double writes) {
        return new ActionCounts.Access(reads, writes, ActionCounts.AccessUnit.BYTES);
    }

    @Test
    void archTablePricesPeActionsAndBytesPerLevel() {
        ActionCounts counts = new ActionCounts.Builder()
                .compute(new ComputeAction.PeAction("mac"), 1000)
                .compute(ComputeAction.Arithmetic.MUL, 1000)
                .compute(ComputeAction.Arithmetic.ADD, 1000)
                .access("DRAM", Operand.INPUT, bytes(64, 0))
                .access("DRAM", Operand.OUTPUT, bytes(0, 16))
                .access("GLB", Operand.INPUT, bytes(500, 50))
                .access("GLB", Operand.WEIGHT, bytes(300, 30))
                .build();
        Map<String, Double> energy = new ArchEnergyTable(SYSTOLIC).energyPj(counts);
        // 0.3 pJ a MAC; DRAM 1300 pJ and GLB 71 pJ per 64-bit word; the algorithm's arithmetic is not the hardware's
        assertEquals(List.of("compute", "DRAM", "GLB"), List.copyOf(energy.keySet()));
        assertEquals(300, energy.get("compute"), 1e-9);
        assertEquals((64 + 16) / 8.0 * 1300, energy.get("DRAM"), 1e-9);
        assertEquals((800 + 80) / 8.0 * 71, energy.get("GLB"), 1e-9);
        assertEquals(300 + 13_000 + 7810, new ArchEnergyTable(SYSTOLIC).totalPj(counts), 1e-9);
    }

    @Test
    void archTablePricesVectorLanesByKind() {
        ActionCounts counts = new ActionCounts.Builder().compute(ComputeAction.VectorOp.LINEAR, 100)
                .compute(ComputeAction.VectorOp.NONLINEAR, 10).build();
        // 0.75 pJ an add or multiply, 6 pJ an exp or division
        assertEquals(Map.of("vector", 75.0 + 60.0), new ArchEnergyTable(SYSTOLIC).energyPj(counts));
    }

    @Test
    void archTablePricesPortAccessesAndTheInterconnect() {
        ActionCounts counts = new ActionCounts.Builder()
                .compute(new ComputeAction.PeAction("tensor_cores"), 1e6)
                .access("hbm", Operand.WEIGHT, new ActionCounts.Access(4, 0, ActionCounts.AccessUnit.PORT_ACCESSES))
                .access("hbm", Operand.OUTPUT, new ActionCounts.Access(0, 2, ActionCounts.AccessUnit.PORT_ACCESSES))
                .interconnectBytes(1000)
                .build();
        Map<String, Double> energy = new ArchEnergyTable(A100).energyPj(counts);
        // 0.216 pJ a MAC, 45118 pJ an HBM access, NVLink 1.3 pJ a bit
        assertEquals(0.216e6, energy.get("compute"), 1e-6);
        assertEquals(6 * 45118, energy.get("hbm"), 1e-9);
        assertEquals(8000 * 1.3, energy.get("interconnect"), 1e-9);
        assertEquals(2 * 45118, new ArchEnergyTable(A100).accessPj("hbm",
                new ActionCounts.Access(0, 2, ActionCounts.AccessUnit.PORT_ACCESSES)), 1e-9);
    }

    @Test
    void archTableRefusesWhatTheMachineDoesNotHave() {
        ArchEnergyTable table = new ArchEnergyTable(SYSTOLIC);
        assertThrows(IllegalArgumentException.class, () -> table.energyPj(new ActionCounts.Builder()
                .compute(new ComputeAction.PeAction("tensor_cores"), 1).build()));
        assertThrows(IllegalArgumentException.class, () -> table.energyPj(new ActionCounts.Builder()
                .access("hbm", Operand.INPUT, bytes(1, 0)).build()));
        assertThrows(IllegalArgumentException.class, () -> table.energyPj(new ActionCounts.Builder()
                .interconnectBytes(1).build()));
    }

    @Test
    void opsConventionPricesOnlyTheAlgorithmsArithmetic() {
        ActionCounts counts = new ActionCounts.Builder()
                .compute(new ComputeAction.PeAction("mac"), 5)
                .compute(ComputeAction.Arithmetic.MUL, 1000)
                .compute(ComputeAction.Arithmetic.ADD, 500)
                .access("DRAM", Operand.INPUT, bytes(1e9, 0))
                .build();
        // Horowitz 2014, 45 nm: fp32 3.7 pJ a multiplication, 0.9 pJ an addition
        Map<String, Double> energy = EnergyModel.named("ops-45nm", SYSTOLIC, DType.FP32).energyPj(counts);
        assertEquals(Map.of("mul.fp32", 3700.0, "add.fp32", 450.0), energy);
    }

    @Test
    void builderAddsRepeatedActionsAndCountsDefaultToZero() {
        ActionCounts counts = new ActionCounts.Builder().unit("vector", 30, 10).unit("vector", 10, 0)
                .interconnectBytes(3).interconnectBytes(4).build();
        assertEquals(30, counts.count(ComputeAction.VectorOp.LINEAR));
        assertEquals(10, counts.count(ComputeAction.VectorOp.NONLINEAR));
        assertEquals(0, counts.count(ComputeAction.Arithmetic.MUL));
        assertEquals(7, counts.interconnectBytes());
        assertEquals(5, new ActionCounts.Builder().unit("mac", 5, 0).build().count(new ComputeAction.PeAction("mac")));
    }
}
