package dev.weft.sim.model;

import dev.weft.results.Results;
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
 * @param accessesPj    per memory, the energy of the transfers as the simulation priced them, each at
 *                      the port it used (a loop nest on a {@code weft-arch/2} machine); empty where
 *                      the energy is the bytes moved times each level's price per byte
 */
public record SimulatedOperator(Operator operator, String unit, long cycles, long computeCycles, long stallCycles,
                                double unitOps, double nonlinearOps, double usefulOps, long peCount,
                                Map<String, Map<String, Results.Access>> accessesBytes, Map<String, Double> accessesPj) {

    public double utilization() {
        return cycles == 0 ? 0 : usefulOps / ((double) cycles * peCount);
    }

    /** Bytes read plus written per level. */
    public double trafficBytes(String level) {
        Map<String, Results.Access> byTensor = accessesBytes.get(level);
        return byTensor == null ? 0
                : byTensor.values().stream().mapToDouble(a -> a.readBytes() + a.writeBytes()).sum();
    }
}
