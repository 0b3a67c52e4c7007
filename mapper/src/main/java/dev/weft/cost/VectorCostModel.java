package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.StorageLevel;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import dev.weft.workload.TensorSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cost of an operator on the vector unit: every lane does one operation per cycle; operands
 * come from DRAM through the shared buffer and the result goes back (operators are not
 * fused, so each one makes its own round trip). A scan's sequential dimension runs step by
 * step, with the lanes spread over the independent work of each step.
 */
public final class VectorCostModel {
    private final Architecture arch;
    private final StorageLevel buffer;

    public VectorCostModel(Architecture arch) {
        this.arch = arch;
        this.buffer = TileBuffer.of(arch);
    }

    public OperatorCost evaluate(Operator operator) {
        Compute compute = operator.compute();
        double points = operator.effectivePoints();
        double opsPerPoint = compute.mulsPerPoint() + compute.addsPerPoint() + compute.nonlinearPerPoint();
        double ops = points * opsPerPoint;
        int lanes = arch.vector().lanes();
        long computeCycles;
        if (compute instanceof Compute.Vector vector && vector.sequentialDim() != null) {
            long steps = operator.size(vector.sequentialDim());
            computeCycles = steps * (long) Math.ceil(ops / steps / lanes);
        } else {
            computeCycles = (long) Math.ceil(ops / lanes);
        }
        Map<String, Long> sizes = operator.dimSizes();
        double outBytes = bytes(operator.output(), sizes);
        double inBytes;
        if (compute instanceof Compute.Gather) {
            // a lookup reads the rows it gathers, not the whole table
            inBytes = outBytes + operator.operands().stream().filter(t -> t.role() != dev.weft.workload.TensorRole.WEIGHT)
                    .mapToDouble(t -> bytes(t, sizes)).sum();
        } else {
            inBytes = operator.operands().stream().mapToDouble(t -> bytes(t, sizes)).sum();
        }
        Map<String, LevelTraffic> traffic = new LinkedHashMap<>();
        traffic.put(arch.dram().name(), new LevelTraffic(inBytes, outBytes));
        for (StorageLevel level : arch.onChipLevels()) {
            if (!level.perPe()) {
                // staged in on its way to the lanes, staged out on its way back
                traffic.put(level.name(), new LevelTraffic(inBytes + outBytes, inBytes + outBytes));
            }
        }
        Map<String, Long> levelCycles = TileBuffer.transferCycles(arch, traffic);
        long busiest = Math.max(computeCycles, levelCycles.values().stream().mapToLong(Long::longValue).max().orElse(0));
        return new OperatorCost(busiest, computeCycles, levelCycles, traffic, OperatorSchedule.VECTOR_UNIT, ops,
                points * compute.nonlinearPerPoint(), lanes, ops);
    }

    public StorageLevel buffer() {
        return buffer;
    }

    private static double bytes(TensorSpec tensor, Map<String, Long> sizes) {
        return tensor.storedBits(tensor.footprint(sizes)) / 8.0;
    }
}
