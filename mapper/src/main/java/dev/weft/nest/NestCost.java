package dev.weft.nest;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Operand;
import java.util.Map;

/**
 * What the loop-nest model predicts for one mapping.
 *
 * @param accesses     per memory name, per operand: bits read and written, the port accesses that carried
 *                     them, and their energy (the search's objective; reported figures price the accesses)
 * @param computePj    energy of the MACs that do work
 * @param idealCycles  temporal iterations of the loop nest: the array's cycles if data never waited
 * @param onloadCycles filling every memory with the first tiles before the first MAC
 * @param offloadCycles draining the last outputs to DRAM after the last MAC
 * @param stallCycles  cycles the array waits for a port that cannot keep up in between
 * @param busyCycles   per memory name: cycles its busiest instance's ports are busy
 * @param activePes    PEs the unrolling uses
 */
public record NestCost(Map<String, Map<Operand, Access>> accesses, double computePj, double usefulMacs,
                       long idealCycles, long onloadCycles, long offloadCycles, long stallCycles,
                       Map<String, Long> busyCycles, long activePes) {

    /**
     * Bits one operand moves at one memory, the accesses of the port that carries them (one
     * port-width transfer each, {@link dev.weft.arch.Port#accesses}), and what that costs.
     */
    public record Access(double readBits, double writeBits, double readAccesses, double writeAccesses, double readPj,
                         double writePj) {
        public static final Access NONE = new Access(0, 0, 0, 0, 0, 0);

        public Access plus(Access more) {
            return new Access(readBits + more.readBits, writeBits + more.writeBits, readAccesses + more.readAccesses,
                    writeAccesses + more.writeAccesses, readPj + more.readPj, writePj + more.writePj);
        }

        /** The same transfers through a port {@code times} as wide: as many bits in fewer accesses, at the same energy. */
        public Access throughWiderPort(double times) {
            return new Access(readBits, writeBits, readAccesses / times, writeAccesses / times, readPj, writePj);
        }

        public Access scaled(double factor) {
            return new Access(readBits * factor, writeBits * factor, readAccesses * factor, writeAccesses * factor,
                    readPj * factor, writePj * factor);
        }

        public double energyPj() {
            return readPj + writePj;
        }
    }

    /** Adds every memory's port accesses, per operand, to {@code counts}. */
    public ActionCounts.Builder countAccesses(ActionCounts.Builder counts) {
        accesses.forEach((memory, perOperand) -> perOperand.forEach((operand, access) -> counts.access(memory,
                operand, new ActionCounts.Access(access.readAccesses(), access.writeAccesses(),
                        ActionCounts.AccessUnit.PORT_ACCESSES))));
        return counts;
    }

    public long cycles() {
        return idealCycles + onloadCycles + offloadCycles + stallCycles;
    }

    public double energyPj() {
        double total = computePj;
        for (Map<Operand, Access> perOperand : accesses.values()) {
            for (Access access : perOperand.values()) {
                total += access.energyPj();
            }
        }
        return total;
    }

    /** Energy of one memory, all operands together. */
    public double memoryPj(String memory) {
        return accesses.getOrDefault(memory, Map.of()).values().stream().mapToDouble(Access::energyPj).sum();
    }
}
