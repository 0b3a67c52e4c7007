package dev.weft.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.energy.EnergyModel;
import dev.weft.energy.OpsEnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.MappedOperator;
import dev.weft.mapper.Mapper;
import dev.weft.mapper.TestArchitectures;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.zoo.GraphBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnergyModelTest {

    private static Operator linear(DType dtype) {
        GraphBuilder g = new GraphBuilder(dtype, StorageFormat.DENSE);
        g.linear("fc", "b", "x", 10, 20, 30, false);
        return g.operators().get(0);
    }

    private static ActionCounts arithmetic(Operator operator) {
        return new ActionCounts.Builder().arithmetic(operator).build();
    }

    @Test
    void opsModelPricesAMacAsOneMultiplicationAndOneAddition() {
        // Horowitz 45 nm fp32: 3.7 pJ per multiplication + 0.9 pJ per addition; 10 x 20 x 30 MACs
        Map<String, Double> energy = OpsEnergyModel.HOROWITZ_45NM.energyPj(arithmetic(linear(DType.FP32)));
        assertEquals(6000 * 3.7, energy.get("mul.fp32"), 1e-6);
        assertEquals(6000 * 0.9, energy.get("add.fp32"), 1e-6);
        // the hardware's type does not change the convention's price: an int8 layer still costs fp32 ops
        assertEquals(energy, OpsEnergyModel.HOROWITZ_45NM.energyPj(arithmetic(linear(DType.INT8))));
        Map<String, Double> int8 = OpsEnergyModel.HOROWITZ_45NM.pricedAs(DType.INT8)
                .energyPj(arithmetic(linear(DType.INT8)));
        assertEquals(6000 * (0.2 + 0.03), int8.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
    }

    @Test
    void opsModelRefusesTypesItHasNoPriceFor() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> OpsEnergyModel.HOROWITZ_45NM.pricedAs(DType.INT4));
        assertTrue(e.getMessage().contains("int4"));
    }

    @Test
    void archModelPricesComputeAndEveryLevelFromTheTable() {
        Architecture arch = TestArchitectures.array4x4("ws");
        Operator op = linear(DType.INT8);
        MappedOperator mapped = new Mapper(arch, 1, Mapper.DEFAULT_BUDGET).map(op);
        Map<String, Double> energy = new ArchEnergyTable(arch).energyPj(mapped.cost().actions());
        // 0.5 pJ per MAC in the test table
        assertEquals(6000 * 0.5, energy.get("compute"), 1e-9);
        // DRAM: 1000 pJ per 8-byte word; whatever the tile, each tensor crosses at least once
        LevelTraffic dram = mapped.cost().traffic().get("DRAM");
        assertEquals(dram.totalBytes() / 8 * 1000, energy.get("DRAM"), 1e-6);
        assertTrue(dram.readBytes() >= 10 * 20 + 20 * 30);
        assertEquals(mapped.cost().traffic().get("PE_REG").totalBytes() * 0.1, energy.get("PE_REG"), 1e-6);
    }

    @Test
    void unknownEnergyModelIsAUserError() {
        assertThrows(WeftInputException.class, () -> EnergyModel.named("joules", TestArchitectures.array4x4("ws"),
                DType.FP32));
    }
}
