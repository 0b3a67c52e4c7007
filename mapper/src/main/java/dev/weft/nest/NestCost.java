package dev.weft.nest;

import dev.weft.arch.Operand;
import java.util.Map;

/**
 * What the loop-nest model predicts for one mapping.
 *
 * @param accesses     per memory name, per operand: bits read and written and their energy
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

    /** Bits one operand moves at one memory, and what that costs. */
    public record Access(double readBits, double writeBits, double readPj, double writePj) {
        public static final Access NONE = new Access(0, 0, 0, 0);

        public Access plus(double moreReadBits, double moreWriteBits, double moreReadPj, double moreWritePj) {
            return new Access(readBits + moreReadBits, writeBits + moreWriteBits, readPj + moreReadPj,
                    writePj + moreWritePj);
        }

        public double energyPj() {
            return readPj + writePj;
        }
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
