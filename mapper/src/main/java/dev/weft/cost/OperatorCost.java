package dev.weft.cost;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Operand;
import dev.weft.nest.NestCost;
import dev.weft.workload.Operator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the analytic model predicts for one operator under one mapping.
 *
 * @param cycles        total cycles: compute and transfers overlap (double buffering), plus
 *                      the first tile's load, which nothing can hide
 * @param computeCycles cycles the compute unit is busy, fill and drain included
 * @param levelCycles   cycles each storage level's port is busy, by level name
 * @param operandTraffic bytes moved at each storage level, by level name, per operand (the bytes of
 *                      {@code actions} on a systolic machine); {@link #traffic()} sums them per level
 * @param unit          name of the unit that executes: an array's name or {@code vector}
 * @param unitOps       actions of that unit: MACs (or skipped-zero MACs), word XNOR-popcounts,
 *                      or vector lane operations
 * @param nonlinearOps  of the vector unit's actions, those that evaluate a non-linear function
 * @param peCount       processing elements (or lanes) of the unit
 * @param usefulOps     actions that do work, for utilization
 * @param nest          on a {@code weft-arch/2} machine, the loop-nest model's full account (energy per
 *                      memory per operand, latency split); null otherwise
 * @param actions       what the operator does, counted for an {@link dev.weft.energy.EnergyModel} to price
 */
public record OperatorCost(long cycles, long computeCycles, Map<String, Long> levelCycles,
                           Map<String, Map<Operand, LevelTraffic>> operandTraffic, String unit, double unitOps,
                           double nonlinearOps, long peCount, double usefulOps, NestCost nest, ActionCounts actions) {

    /**
     * The counts of a fold- or vector-model operator: its unit's and the algorithm's actions, and
     * the bytes each level moves per operand.
     */
    public static ActionCounts counted(Operator operator, String unit, double unitOps, double nonlinearOps,
                                       Map<String, Map<Operand, LevelTraffic>> operandTraffic) {
        ActionCounts.Builder counts = ActionCounts.of(operator, unit, unitOps, nonlinearOps);
        operandTraffic.forEach((level, byOperand) -> byOperand.forEach((operand, moved) -> counts.access(level,
                operand, new ActionCounts.Access(moved.readBytes(), moved.writeBytes(), ActionCounts.AccessUnit.BYTES))));
        return counts.build();
    }

    /** The bytes a loop nest moved at each memory, per operand (the nest counts bits). */
    public static Map<String, Map<Operand, LevelTraffic>> bytesMoved(NestCost cost) {
        Map<String, Map<Operand, LevelTraffic>> moved = new LinkedHashMap<>();
        cost.accesses().forEach((memory, byOperand) -> {
            Map<Operand, LevelTraffic> bytes = new LinkedHashMap<>();
            byOperand.forEach((operand, access) -> bytes.put(operand,
                    new LevelTraffic(access.readBits() / 8, access.writeBits() / 8)));
            moved.put(memory, bytes);
        });
        return moved;
    }

    /** Bytes moved at each storage level, every operand's together. */
    public Map<String, LevelTraffic> traffic() {
        return LevelTraffic.totals(operandTraffic);
    }

    /** The same work behind a kernel launch of {@code launchCycles}, which the device waits out idle. */
    public OperatorCost launched(long launchCycles) {
        return new OperatorCost(cycles + launchCycles, computeCycles, levelCycles, operandTraffic, unit, unitOps,
                nonlinearOps, peCount, usefulOps, nest, actions);
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
