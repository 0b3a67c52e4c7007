package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.EnergyTable;
import dev.weft.workload.Operator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture's own energy table ({@link EnergyTable}) applied to the analytic cost of an
 * operator: its unit's actions and its traffic at each storage level.
 */
public record ArchEnergyModel(Architecture arch) implements EnergyModel {
    public static final String NAME = EnergyTable.NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> energyPj(Operator operator, OperatorCost cost) {
        if (cost.nest() != null) {
            // the loop-nest model prices each transfer at the port it uses
            Map<String, Double> energy = new LinkedHashMap<>();
            energy.put(EnergyTable.COMPUTE, cost.nest().computePj());
            cost.nest().accesses().keySet().forEach(memory -> energy.put(memory, cost.nest().memoryPj(memory)));
            return energy;
        }
        Map<String, EnergyTable.Bytes> bytes = new LinkedHashMap<>();
        cost.traffic().forEach((level, traffic) ->
                bytes.put(level, new EnergyTable.Bytes(traffic.readBytes(), traffic.writeBytes())));
        return new EnergyTable(arch).price(cost.unit(), cost.unitOps(), cost.nonlinearOps(), bytes);
    }
}
