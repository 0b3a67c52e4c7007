package dev.weft.sim.model;

import dev.weft.arch.Architecture;
import dev.weft.arch.VectorWork;
import dev.weft.workload.Operator;

/**
 * Time of an operator on the vector unit, by the convention the analytic model uses: each lane
 * does one operation per cycle (a scan's sequential dimension runs step by step), operands
 * stream in from DRAM and the result streams back. Streaming is double-buffered, so the
 * operator takes the longer of compute and DRAM transfer, plus the latency of the first read,
 * which nothing hides.
 *
 * @param inBytes  bytes read from DRAM (a gather reads the rows it looks up, not the table)
 * @param outBytes bytes written to DRAM
 */
public record VectorTiming(long cycles, long computeCycles, double ops, double nonlinearOps, double inBytes,
                           double outBytes) {

    public static VectorTiming of(Operator operator, Architecture arch, long dramLatencyCycles) {
        return of(operator, arch, dramLatencyCycles, 0, false);
    }

    /**
     * Inside a fusion group: {@code onChipInBytes} of the inputs are already in the buffer and, with
     * {@code outputOnChip}, the result stays there; only the rest crosses DRAM.
     */
    public static VectorTiming of(Operator operator, Architecture arch, long dramLatencyCycles, double onChipInBytes,
                                  boolean outputOnChip) {
        VectorWork work = VectorWork.of(operator, arch.vector());
        double in = Math.max(0, work.inBytes() - onChipInBytes);
        double out = outputOnChip ? 0 : work.outBytes();
        long transfer = (long) Math.ceil((in + out) / arch.dram().bandwidthBytesPerCycle());
        long cycles = Math.max(work.computeCycles(), transfer) + dramLatencyCycles;
        return new VectorTiming(cycles, work.computeCycles(), work.ops(), work.nonlinearOps(), in, out);
    }
}
