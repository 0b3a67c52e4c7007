package dev.weft.arch;

import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import java.util.Map;

/**
 * What an operator asks of the vector unit, the one convention the analytic model and the
 * simulator share: each lane does one operation per cycle, a scan's sequential dimension runs
 * step by step with the lanes spread over each step's independent work, operands stream in
 * from DRAM and the result streams back (operators are not fused).
 *
 * @param ops           lane operations, non-linear ones included
 * @param nonlinearOps  of those, exponentials, divisions, square roots, tanh
 * @param computeCycles cycles the lanes are busy
 * @param inBytes       bytes read (a gather reads the rows it looks up, not the whole table)
 * @param outBytes      bytes written
 */
public record VectorWork(double ops, double nonlinearOps, long computeCycles, double inBytes, double outBytes) {

    public static VectorWork of(Operator operator, VectorUnit unit) {
        Compute compute = operator.compute();
        double points = operator.effectivePoints();
        double ops = points * (compute.mulsPerPoint() + compute.addsPerPoint() + compute.nonlinearPerPoint());
        int lanes = unit.lanes();
        long computeCycles;
        if (operator.kind() instanceof OperatorKind.Scan scan) {
            long steps = operator.size(scan.sequentialDim());
            computeCycles = steps * (long) Math.ceil(ops / steps / lanes);
        } else {
            computeCycles = (long) Math.ceil(ops / lanes);
        }
        Map<String, Long> sizes = operator.dimSizes();
        double out = bytes(operator.output(), sizes);
        double in;
        if (operator.kind() instanceof OperatorKind.Gather) {
            in = out + operator.operands().stream().filter(t -> t.role() != TensorRole.WEIGHT)
                    .mapToDouble(t -> bytes(t, sizes)).sum();
        } else {
            in = operator.operands().stream().mapToDouble(t -> bytes(t, sizes)).sum();
        }
        return new VectorWork(ops, points * compute.nonlinearPerPoint(), computeCycles, in, out);
    }

    private static double bytes(TensorSpec tensor, Map<String, Long> sizes) {
        return tensor.storedBits(tensor.footprint(sizes)) / 8.0;
    }
}
