package dev.weft.sim.model;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.StorageLevel;
import dev.weft.results.Results;
import dev.weft.schedule.OperatorSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices a simulated operator with the architecture's energy table, by the convention of the
 * analytic model's {@code arch} energy model (same component names): each PE action at the
 * array's energy per op, vector lane operations at the vector unit's, and each byte read or
 * written at a level at that level's energy per word over its word width.
 */
public record ArchEnergy(Architecture arch) implements EnergyPricer {
    public static final String COMPUTE = "compute";
    public static final String VECTOR = "vector";

    @Override
    public String name() {
        return "arch";
    }

    @Override
    public Map<String, Double> energyPj(SimulatedOperator simulated) {
        Map<String, Double> energy = new LinkedHashMap<>();
        if (simulated.unit().equals(OperatorSchedule.VECTOR_UNIT)) {
            double plain = simulated.unitOps() - simulated.nonlinearOps();
            energy.put(VECTOR, plain * arch.vector().pjPerOp() + simulated.nonlinearOps() * arch.vector().pjPerNonlinear());
        } else {
            ComputeArray array = arch.arrays().stream().filter(a -> a.name().equals(simulated.unit())).findFirst()
                    .orElseThrow();
            energy.put(COMPUTE, simulated.unitOps() * array.pjPerOp());
        }
        for (StorageLevel level : arch.levels()) {
            Map<String, Results.Access> byTensor = simulated.accessesBytes().get(level.name());
            if (byTensor != null) {
                double pj = 0;
                for (Results.Access access : byTensor.values()) {
                    pj += access.readBytes() * level.readPjPerByte() + access.writeBytes() * level.writePjPerByte();
                }
                energy.put(level.name(), pj);
            }
        }
        return energy;
    }
}
