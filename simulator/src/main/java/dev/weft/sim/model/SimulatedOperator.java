package dev.weft.sim.model;

import dev.weft.actions.ActionCounts;
import dev.weft.results.Results;
import dev.weft.sim.Tensor;
import dev.weft.workload.Operator;
import java.util.Map;

/**
 * One operator as simulated.
 *
 * @param unit          the array's name, or {@code vector}
 * @param unitOps       actions of the unit (PE actions, or vector lane operations)
 * @param nonlinearOps  of the vector unit's actions, the non-linear ones
 * @param usefulOps     actions that do work, for utilization
 * @param peCount       PEs or lanes of the unit
 * @param accessesBytes bytes read and written per storage level (architecture names) and tensor
 * @param actions       what the operator did, counted for an {@link dev.weft.energy.EnergyModel} to price:
 *                      the bytes each level moved per operand (each tensor as {@link Tensor#operand()}),
 *                      or, for a loop nest on a {@code weft-arch/2} machine, the accesses of the ports it used
 */
public record SimulatedOperator(Operator operator, String unit, long cycles, long computeCycles, long stallCycles,
                                double unitOps, double nonlinearOps, double usefulOps, long peCount,
                                Map<String, Map<String, Results.Access>> accessesBytes, ActionCounts actions) {

    public double utilization() {
        return cycles == 0 ? 0 : usefulOps / ((double) cycles * peCount);
    }

    /**
     * The counts of an operator whose levels are priced by the byte: the bytes of {@code accessesBytes}, each
     * tensor's as its operand's.
     */
    static ActionCounts bytes(ActionCounts.Builder counts, Map<String, Map<String, Results.Access>> accessesBytes) {
        accessesBytes.forEach((level, byTensor) -> {
            for (Tensor tensor : Tensor.values()) {
                Results.Access access = byTensor.get(tensor.label());
                if (access != null) {
                    counts.access(level, tensor.operand(), new ActionCounts.Access(access.readBytes(),
                            access.writeBytes(), ActionCounts.AccessUnit.BYTES));
                }
            }
        });
        return counts.build();
    }

    /** Bytes read plus written per level. */
    public double trafficBytes(String level) {
        Map<String, Results.Access> byTensor = accessesBytes.get(level);
        return byTensor == null ? 0
                : byTensor.values().stream().mapToDouble(a -> a.readBytes() + a.writeBytes()).sum();
    }
}
