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
        VectorWork work = VectorWork.of(operator, arch.vector());
        long transfer = (long) Math.ceil((work.inBytes() + work.outBytes()) / arch.dram().bandwidthBytesPerCycle());
        long cycles = Math.max(work.computeCycles(), transfer) + dramLatencyCycles;
        return new VectorTiming(cycles, work.computeCycles(), work.ops(), work.nonlinearOps(), work.inBytes(),
                work.outBytes());
    }
}
