package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import java.util.Map;

/** Prices an operator's cost in picojoules, by component. */
public sealed interface EnergyModel permits ArchEnergyModel, OpsEnergyModel {

    /** The name used on the command line and in results.json. */
    String name();

    /** Energy by component (e.g. {@code compute}, {@code DRAM}, {@code mul.fp32}), in pJ. */
    Map<String, Double> energyPj(Operator operator, OperatorCost cost);

    /** The model called {@code name}; {@code opsDtype} is the type {@code ops-45nm} prices operations at. */
    static EnergyModel named(String name, Architecture arch, DType opsDtype) {
        return switch (name == null ? "" : name.trim()) {
            case ArchEnergyModel.NAME -> new ArchEnergyModel(arch);
            case OpsEnergyModel.NAME -> OpsEnergyModel.HOROWITZ_45NM.pricedAs(opsDtype);
            default -> throw new WeftInputException("--energy", null, "unknown energy model '" + name + "'",
                    "use arch (the hardware's own energy table) or ops-45nm (per-operation counts, Horowitz 2014)");
        };
    }
}
