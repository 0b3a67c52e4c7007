package dev.weft.sim.model;

import dev.weft.arch.Architecture;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import java.util.Map;

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
        Compute compute = operator.compute();
        double points = operator.effectivePoints();
        double ops = points * (compute.mulsPerPoint() + compute.addsPerPoint() + compute.nonlinearPerPoint());
        int lanes = arch.vector().lanes();
        long computeCycles;
        if (compute instanceof Compute.Vector vector && vector.sequentialDim() != null) {
            long steps = operator.size(vector.sequentialDim());
            computeCycles = steps * (long) Math.ceil(ops / steps / lanes);
        } else {
            computeCycles = (long) Math.ceil(ops / lanes);
        }
        Map<String, Long> sizes = operator.dimSizes();
        double out = bytes(operator.output(), sizes);
        double in;
        if (compute instanceof Compute.Gather) {
            in = out + operator.operands().stream().filter(t -> t.role() != TensorRole.WEIGHT)
                    .mapToDouble(t -> bytes(t, sizes)).sum();
        } else {
            in = operator.operands().stream().mapToDouble(t -> bytes(t, sizes)).sum();
        }
        long transfer = (long) Math.ceil((in + out) / arch.dram().bandwidthBytesPerCycle());
        long cycles = Math.max(computeCycles, transfer) + dramLatencyCycles;
        return new VectorTiming(cycles, computeCycles, ops, points * compute.nonlinearPerPoint(), in, out);
    }

    private static double bytes(TensorSpec tensor, Map<String, Long> sizes) {
        return tensor.storedBits(tensor.footprint(sizes)) / 8.0;
    }
}
