package dev.weft.actions;

import dev.weft.arch.Operand;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one operator does on the hardware, counted and not priced: compute actions by kind,
 * accesses per storage level per operand, and bytes sent between devices. Every backend (the
 * analytic cost models and the simulator) emits these; an {@link dev.weft.energy.EnergyModel}
 * prices them, so that a figure's energy depends on the counts and the table, never on which
 * backend counted.
 *
 * @param compute           actions by kind, in the order they were counted
 * @param accesses          per level name, per operand, the reads and writes; levels in the order the energy
 *                          breakdown lists them. Every backend names operands alike (a simulator's tensor
 *                          names are its own), so that two backends' counts compare operand by operand
 * @param interconnectBytes bytes sent from device to device, every sender's together
 */
public record ActionCounts(Map<ComputeAction, Double> compute, Map<String, Map<Operand, Access>> accesses,
                           double interconnectBytes) {
    /** What a level's energy is given per: a byte of payload, or one access of the port that carried it. */
    public enum AccessUnit {
        /** Priced at the level's energy per word over its word width (a {@code weft-arch/1} level). */
        BYTES,
        /** Priced at the memory's energy per access, an access being one port-width transfer ({@code weft-arch/2}). */
        PORT_ACCESSES
    }

    /** Reads and writes of one operand at one level, in {@code unit}. */
    public record Access(double reads, double writes, AccessUnit unit) {
    }

    public ActionCounts {
        compute = Collections.unmodifiableMap(new LinkedHashMap<>(compute));
        Map<String, Map<Operand, Access>> copy = new LinkedHashMap<>();
        accesses.forEach((level, byOperand) -> copy.put(level, Collections.unmodifiableMap(new LinkedHashMap<>(byOperand))));
        accesses = Collections.unmodifiableMap(copy);
    }

    public double count(ComputeAction action) {
        return compute.getOrDefault(action, 0.0);
    }

    /**
     * The actions of a unit and of the algorithm, with no traffic yet: {@code unitOps} actions of
     * the array called {@code unit}, or, on the vector unit, {@code unitOps - nonlinearOps} linear lane
     * operations and {@code nonlinearOps} non-linear ones; and the operator's multiplications and additions.
     */
    public static Builder of(Operator operator, String unit, double unitOps, double nonlinearOps) {
        return new Builder().unit(unit, unitOps, nonlinearOps).arithmetic(operator);
    }

    /** Collects counts in the order given. */
    public static final class Builder {
        private final Map<ComputeAction, Double> compute = new LinkedHashMap<>();
        private final Map<String, Map<Operand, Access>> accesses = new LinkedHashMap<>();
        private double interconnectBytes;

        /**
         * {@code unitOps} actions of the array called {@code unit}, or, on the vector unit,
         * {@code unitOps - nonlinearOps} linear lane operations and {@code nonlinearOps} non-linear ones.
         */
        public Builder unit(String unit, double unitOps, double nonlinearOps) {
            if (unit.equals(OperatorSchedule.VECTOR_UNIT)) {
                compute(ComputeAction.VectorOp.LINEAR, unitOps - nonlinearOps);
                return compute(ComputeAction.VectorOp.NONLINEAR, nonlinearOps);
            }
            return compute(new ComputeAction.PeAction(unit), unitOps);
        }

        /** The operator's multiplications and additions. */
        public Builder arithmetic(Operator operator) {
            compute(ComputeAction.Arithmetic.MUL, operator.muls());
            return compute(ComputeAction.Arithmetic.ADD, operator.adds());
        }

        public Builder compute(ComputeAction action, double count) {
            compute.merge(action, count, Double::sum);
            return this;
        }

        /** Sets one operand's reads and writes at one level. */
        public Builder access(String level, Operand operand, Access access) {
            accesses.computeIfAbsent(level, l -> new LinkedHashMap<>()).put(operand, access);
            return this;
        }

        public Builder interconnectBytes(double bytes) {
            interconnectBytes += bytes;
            return this;
        }

        public ActionCounts build() {
            return new ActionCounts(compute, accesses, interconnectBytes);
        }
    }
}
