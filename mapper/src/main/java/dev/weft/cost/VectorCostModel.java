package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.StorageLevel;
import dev.weft.arch.VectorWork;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;
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

    public VectorCostModel(Architecture arch) {
        this.arch = arch;
    }

    public OperatorCost evaluate(Operator operator) {
        VectorWork work = VectorWork.of(operator, arch.vector());
        double inBytes = work.inBytes();
        double outBytes = work.outBytes();
        long computeCycles = work.computeCycles();
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
        return new OperatorCost(busiest, computeCycles, levelCycles, traffic, OperatorSchedule.VECTOR_UNIT, work.ops(),
                work.nonlinearOps(), arch.vector().lanes(), work.ops(), null, OperatorCost.counted(operator,
                OperatorSchedule.VECTOR_UNIT, work.ops(), work.nonlinearOps(), traffic));
    }

    public StorageLevel buffer() {
        return TileBuffer.of(arch);
    }
}
