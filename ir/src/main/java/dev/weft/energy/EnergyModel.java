package dev.weft.energy;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import java.util.Map;

/**
 * Prices what an operator did ({@link ActionCounts}) in picojoules, by component: the one
 * interface through which the mapper's objective, the analytic estimate, the simulator, compare
 * and explore all turn counts into energy.
 */
public sealed interface EnergyModel permits ArchEnergyTable, OpsEnergyModel {

    /** The name used on the command line and in results.json. */
    String name();

    /** Energy by component (e.g. {@code compute}, {@code DRAM}, {@code mul.fp32}), in pJ. */
    Map<String, Double> energyPj(ActionCounts counts);

    /** All components together, in pJ. */
    default double totalPj(ActionCounts counts) {
        return energyPj(counts).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The model called {@code name}; {@code opsDtype} is the type {@code ops-45nm} prices operations at. */
    static EnergyModel named(String name, Architecture arch, DType opsDtype) {
        return switch (name == null ? "" : name.trim()) {
            case ArchEnergyTable.NAME -> new ArchEnergyTable(arch);
            case OpsEnergyModel.NAME -> OpsEnergyModel.HOROWITZ_45NM.pricedAs(opsDtype);
            default -> throw new WeftInputException("--energy", null, "unknown energy model '" + name + "'",
                    "use arch (the hardware's own energy table) or ops-45nm (per-operation counts, Horowitz 2014)");
        };
    }
}
