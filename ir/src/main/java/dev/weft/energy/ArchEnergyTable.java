package dev.weft.energy;

import dev.weft.actions.ActionCounts;
import dev.weft.actions.ComputeAction;
import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.StorageLevel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture's own energy table, the {@code arch} energy model: each PE action at its
 * array's energy per action, each vector lane operation at the vector unit's (non-linear ones at
 * their own price), each byte a {@code weft-arch/1} level moves at its energy per word over its
 * word width, each port access of a {@code weft-arch/2} memory at its energy per access, and each
 * bit sent between devices at the interconnect's energy per bit. The algorithm's multiplications
 * and additions are not priced here: the hardware's actions that perform them are.
 */
public record ArchEnergyTable(Architecture arch) implements EnergyModel {
    public static final String NAME = "arch";
    public static final String COMPUTE = "compute";
    public static final String VECTOR = "vector";
    public static final String INTERCONNECT = "interconnect";

    @Override
    public String name() {
        return NAME;
    }

    /** Energy by component, in pJ: {@code compute} or {@code vector}, then each level in the order counted. */
    @Override
    public Map<String, Double> energyPj(ActionCounts counts) {
        Map<String, Double> energy = new LinkedHashMap<>();
        counts.compute().forEach((action, count) -> {
            if (action instanceof ComputeAction.PeAction pe) {
                energy.merge(COMPUTE, count * pjPerAction(pe.array()), Double::sum);
            } else if (action instanceof ComputeAction.VectorOp op) {
                energy.merge(VECTOR, count * (op.nonlinear() ? arch.vector().pjPerNonlinear() : arch.vector().pjPerOp()),
                        Double::sum);
            }
        });
        counts.accesses().forEach((level, byOperand) -> energy.put(level, levelPj(level, byOperand)));
        if (counts.interconnectBytes() > 0) {
            double pjPerBit = arch.interconnect().orElseThrow(() -> new IllegalArgumentException(arch.name()
                    + " has no interconnect to price transfers between devices")).pjPerBit();
            energy.put(INTERCONNECT, counts.interconnectBytes() * 8 * pjPerBit);
        }
        return energy;
    }

    /** Energy of one operand's reads and writes at one level, in pJ. */
    public double accessPj(String level, ActionCounts.Access access) {
        return switch (access.unit()) {
            case BYTES -> access.reads() * storage(level).readPjPerByte() + access.writes() * storage(level).writePjPerByte();
            case PORT_ACCESSES -> access.reads() * memory(level).readPj() + access.writes() * memory(level).writePj();
        };
    }

    /**
     * A level's energy: bytes are summed over operands before pricing (the price per byte is the
     * level's, whichever operand moved them); port accesses are priced per operand, then summed.
     */
    private double levelPj(String level, Map<Operand, ActionCounts.Access> byOperand) {
        boolean bytes = byOperand.values().stream().allMatch(a -> a.unit() == ActionCounts.AccessUnit.BYTES);
        if (!bytes) {
            return byOperand.values().stream().mapToDouble(access -> accessPj(level, access)).sum();
        }
        StorageLevel storage = storage(level);
        double read = byOperand.values().stream().mapToDouble(ActionCounts.Access::reads).sum();
        double written = byOperand.values().stream().mapToDouble(ActionCounts.Access::writes).sum();
        return read * storage.readPjPerByte() + written * storage.writePjPerByte();
    }

    private double pjPerAction(String array) {
        for (ComputeArray candidate : arch.arrays()) {
            if (candidate.name().equals(array)) {
                return candidate.pjPerOp();
            }
        }
        if (arch.hierarchy() != null && arch.hierarchy().array().name().equals(array)) {
            return arch.hierarchy().array().pjPerOp();
        }
        throw new IllegalArgumentException(arch.name() + " has no array " + array);
    }

    private StorageLevel storage(String name) {
        return arch.levels().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(arch.name() + " has no storage level " + name));
    }

    private Memory memory(String name) {
        if (arch.hierarchy() != null) {
            for (Memory memory : arch.hierarchy().memories()) {
                if (memory.name().equals(name)) {
                    return memory;
                }
            }
        }
        throw new IllegalArgumentException(arch.name() + " has no memory " + name);
    }
}
