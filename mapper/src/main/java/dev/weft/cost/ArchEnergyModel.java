package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.StorageLevel;
import dev.weft.workload.Operator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture's own energy table: each compute action and each word read or written
 * at each storage level, at the energies the hardware description gives.
 */
public record ArchEnergyModel(Architecture arch) implements EnergyModel {
    public static final String NAME = "arch";
    public static final String COMPUTE = "compute";
    public static final String VECTOR = "vector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> energyPj(Operator operator, OperatorCost cost) {
        Map<String, Double> energy = new LinkedHashMap<>();
        if (cost.unit().equals(dev.weft.schedule.OperatorSchedule.VECTOR_UNIT)) {
            double plain = cost.unitOps() - cost.nonlinearOps();
            energy.put(VECTOR, plain * arch.vector().pjPerOp() + cost.nonlinearOps() * arch.vector().pjPerNonlinear());
        } else {
            ComputeArray array = arch.arrays().stream().filter(a -> a.name().equals(cost.unit())).findFirst()
                    .orElseThrow();
            energy.put(COMPUTE, cost.unitOps() * array.pjPerOp());
        }
        for (StorageLevel level : arch.levels()) {
            LevelTraffic traffic = cost.traffic().get(level.name());
            if (traffic != null) {
                energy.put(level.name(), traffic.readBytes() * level.readPjPerByte()
                        + traffic.writeBytes() * level.writePjPerByte());
            }
        }
        return energy;
    }
}
