package dev.weft.cost;

import dev.weft.nest.NestCost;
import java.util.Map;

/**
 * What the analytic model predicts for one operator under one mapping.
 *
 * @param cycles        total cycles: compute and transfers overlap (double buffering), plus
 *                      the first tile's load, which nothing can hide
 * @param computeCycles cycles the compute unit is busy, fill and drain included
 * @param levelCycles   cycles each storage level's port is busy, by level name
 * @param traffic       bytes moved at each storage level, by level name
 * @param unit          name of the unit that executes: an array's name or {@code vector}
 * @param unitOps       actions of that unit: MACs (or skipped-zero MACs), word XNOR-popcounts,
 *                      or vector lane operations
 * @param nonlinearOps  of the vector unit's actions, those that evaluate a non-linear function
 * @param peCount       processing elements (or lanes) of the unit
 * @param usefulOps     actions that do work, for utilization
 * @param nest          on a {@code weft-arch/2} machine, the loop-nest model's full account (energy per
 *                      memory per operand, latency split); null otherwise
 */
public record OperatorCost(long cycles, long computeCycles, Map<String, Long> levelCycles,
                           Map<String, LevelTraffic> traffic, String unit, double unitOps, double nonlinearOps,
                           long peCount, double usefulOps, NestCost nest) {

    /** The same work behind a kernel launch of {@code launchCycles}, which the device waits out idle. */
    public OperatorCost launched(long launchCycles) {
        return new OperatorCost(cycles + launchCycles, computeCycles, levelCycles, traffic, unit, unitOps, nonlinearOps,
                peCount, usefulOps, nest);
    }

    /** Fraction of the unit's peak work that was useful over the operator's cycles. */
    public double utilization() {
        return cycles == 0 ? 0 : usefulOps / ((double) cycles * peCount);
    }

    /** The resource that sets the cycle count: {@code compute} or the busiest level's name. */
    public String bound() {
        String busiest = "compute";
        long most = computeCycles;
        for (Map.Entry<String, Long> entry : levelCycles.entrySet()) {
            if (entry.getValue() > most) {
                most = entry.getValue();
                busiest = entry.getKey();
            }
        }
        return busiest;
    }
}
