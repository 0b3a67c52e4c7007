package dev.weft.arch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices work with the architecture's own energy table, the {@code arch} energy model: each
 * PE action at its array's energy per op, vector-unit operations at the vector unit's (non-linear
 * ones at their own price), and each byte read or written at a storage level at that level's
 * energy per word over its word width. The analytic estimate and the simulator both price
 * through it, so their component names and conventions cannot drift apart.
 */
public record EnergyTable(Architecture arch) {
    public static final String NAME = "arch";
    public static final String COMPUTE = "compute";
    public static final String VECTOR = "vector";

    /** Bytes read from and written to one storage level. */
    public record Bytes(double read, double written) {
    }

    /**
     * Energy by component, in pJ: {@code compute} or {@code vector}, then each level that moved bytes.
     *
     * @param unit         the array's name, or {@code vector} for the vector unit
     * @param unitOps      actions of the unit
     * @param nonlinearOps of those, the non-linear ones (vector unit only)
     */
    public Map<String, Double> price(String unit, double unitOps, double nonlinearOps, Map<String, Bytes> bytesByLevel) {
        Map<String, Double> energy = new LinkedHashMap<>();
        if (unit.equals(VECTOR)) {
            energy.put(VECTOR, (unitOps - nonlinearOps) * arch.vector().pjPerOp()
                    + nonlinearOps * arch.vector().pjPerNonlinear());
        } else {
            ComputeArray array = arch.arrays().stream().filter(a -> a.name().equals(unit)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(arch.name() + " has no array " + unit));
            energy.put(COMPUTE, unitOps * array.pjPerOp());
        }
        for (StorageLevel level : arch.levels()) {
            Bytes bytes = bytesByLevel.get(level.name());
            if (bytes != null) {
                energy.put(level.name(), bytes.read() * level.readPjPerByte() + bytes.written() * level.writePjPerByte());
            }
        }
        return energy;
    }
}
