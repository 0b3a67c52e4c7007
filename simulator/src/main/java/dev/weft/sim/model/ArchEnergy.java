package dev.weft.sim.model;

import dev.weft.arch.Architecture;
import dev.weft.arch.EnergyTable;
import dev.weft.results.Results;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture's own energy table ({@link EnergyTable}, the analytic model's {@code arch}
 * convention and component names) applied to a simulated operator: its unit's actions and the
 * bytes it moved at each level, summed over tensors.
 */
public record ArchEnergy(Architecture arch) implements EnergyPricer {

    @Override
    public String name() {
        return EnergyTable.NAME;
    }

    @Override
    public Map<String, Double> energyPj(SimulatedOperator simulated) {
        if (!simulated.accessesPj().isEmpty()) {
            // a loop nest's transfers were priced at the ports they used, as the analytic model prices them
            Map<String, Double> energy = new LinkedHashMap<>();
            energy.put(EnergyTable.COMPUTE, simulated.unitOps() * arch.hierarchy().array().pjPerOp());
            energy.putAll(simulated.accessesPj());
            return energy;
        }
        Map<String, EnergyTable.Bytes> bytes = new LinkedHashMap<>();
        simulated.accessesBytes().forEach((level, byTensor) -> bytes.put(level, new EnergyTable.Bytes(
                byTensor.values().stream().mapToDouble(Results.Access::readBytes).sum(),
                byTensor.values().stream().mapToDouble(Results.Access::writeBytes).sum())));
        return new EnergyTable(arch).price(simulated.unit(), simulated.unitOps(), simulated.nonlinearOps(), bytes);
    }
}
