package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.Operand;
import dev.weft.arch.StorageLevel;
import dev.weft.arch.VectorWork;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cost of an operator on the vector unit: every lane does one operation per cycle; operands
 * come from DRAM through the shared buffer and the result goes back (operators are not
 * fused, so each one makes its own round trip). What it reads is counted as the {@code input}
 * operand, what it writes as the {@code output}, as the simulator counts them. A scan's sequential dimension runs step by
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
        Map<String, Map<Operand, LevelTraffic>> operandTraffic = new LinkedHashMap<>();
        operandTraffic.put(arch.dram().name(), Map.of(Operand.INPUT, new LevelTraffic(inBytes, 0),
                Operand.OUTPUT, new LevelTraffic(0, outBytes)));
        for (StorageLevel level : arch.onChipLevels()) {
            if (!level.perPe()) {
                // the inputs staged in on their way to the lanes, the output staged out on its way back
                operandTraffic.put(level.name(), Map.of(Operand.INPUT, new LevelTraffic(inBytes, inBytes),
                        Operand.OUTPUT, new LevelTraffic(outBytes, outBytes)));
            }
        }
        Map<String, LevelTraffic> traffic = LevelTraffic.totals(operandTraffic);
        Map<String, Long> levelCycles = TileBuffer.transferCycles(arch, traffic);
        long busiest = Math.max(computeCycles, levelCycles.values().stream().mapToLong(Long::longValue).max().orElse(0));
        return new OperatorCost(busiest, computeCycles, levelCycles, operandTraffic, OperatorSchedule.VECTOR_UNIT,
                work.ops(), work.nonlinearOps(), arch.vector().lanes(), work.ops(), null, OperatorCost.counted(operator,
                OperatorSchedule.VECTOR_UNIT, work.ops(), work.nonlinearOps(), operandTraffic));
    }

    public StorageLevel buffer() {
        return TileBuffer.of(arch);
    }
}
