package dev.weft.sim.nest;

import dev.weft.arch.Operand;
import java.util.Map;

/**
 * What executing one loop nest took.
 *
 * @param cycles        from the first transfer to the last output stored
 * @param computeCycles temporal iterations: one cycle each when no data is late
 * @param stallCycles   cycles the array waited for data: before the first step, between steps
 *                      and after the last (the final outputs going up)
 * @param accesses      per memory name (outermost first), per operand it holds: what moved
 */
public record NestRun(long cycles, long computeCycles, long stallCycles,
                      Map<String, Map<Operand, Traffic>> accesses) {

    /**
     * Bits one operand moved at one memory, summed over its instances, and the accesses of the
     * port that carried them (one port-width transfer each), for an energy model to price.
     */
    public record Traffic(double readBits, double writeBits, double readAccesses, double writeAccesses) {
    }
}
