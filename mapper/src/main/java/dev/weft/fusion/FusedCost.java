package dev.weft.fusion;

import dev.weft.arch.Architecture;
import dev.weft.arch.Operand;
import dev.weft.arch.StorageLevel;
import dev.weft.cost.LevelTraffic;
import dev.weft.cost.OperatorCost;
import dev.weft.cost.TileBuffer;
import dev.weft.workload.Operator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator's cost inside a fusion group, derived from its cost on its own: the same unit
 * and actions, its DRAM traffic as the group leaves it, and its cycles re-balanced. A byte that
 * no longer crosses DRAM no longer crosses the shared levels on its way in or out either; the
 * array and the vector unit still read and write the on-chip tile in the buffer.
 */
final class FusedCost {
    private FusedCost() {
    }

    /**
     * @param dram          DRAM bytes the operator still reads and writes, per operand (an operand absent moves none)
     * @param computeCycles its unit's busy cycles inside the group
     * @param exposedCycles cycles nothing overlaps: loading the first tiles, writing back the last
     * @param extraOps      unit actions the fused kernel adds (the online softmax's rescaling)
     */
    static OperatorCost of(Architecture arch, Operator operator, OperatorCost alone, Map<Operand, LevelTraffic> dram,
                           long computeCycles, long exposedCycles, double extraOps) {
        Map<Operand, LevelTraffic> dramAlone = alone.operandTraffic().getOrDefault(arch.dram().name(), Map.of());
        Map<String, Map<Operand, LevelTraffic>> operandTraffic = new LinkedHashMap<>();
        alone.operandTraffic().forEach((name, byOperand) -> {
            StorageLevel level = arch.levels().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
            Map<Operand, LevelTraffic> after = new EnumMap<>(Operand.class);
            byOperand.forEach((operand, moved) -> {
                LevelTraffic left = dram.getOrDefault(operand, LevelTraffic.NONE);
                if (level == arch.dram()) {
                    after.put(operand, left);
                } else if (level.perPe()) {
                    after.put(operand, moved);
                } else {
                    // what is no longer written to DRAM is no longer read out of the buffer, and vice versa
                    LevelTraffic before = dramAlone.getOrDefault(operand, LevelTraffic.NONE);
                    after.put(operand, new LevelTraffic(
                            Math.max(0, moved.readBytes() - (before.writeBytes() - left.writeBytes())),
                            Math.max(0, moved.writeBytes() - (before.readBytes() - left.readBytes()))));
                }
            });
            operandTraffic.put(name, after);
        });
        Map<String, Long> levelCycles = TileBuffer.transferCycles(arch, LevelTraffic.totals(operandTraffic));
        long busiest = Math.max(computeCycles, levelCycles.values().stream().mapToLong(Long::longValue).max().orElse(0));
        return new OperatorCost(busiest + exposedCycles, computeCycles, levelCycles, operandTraffic, alone.unit(),
                alone.unitOps() + extraOps, alone.nonlinearOps(), alone.peCount(), alone.usefulOps(), null,
                OperatorCost.counted(operator, alone.unit(), alone.unitOps() + extraOps, alone.nonlinearOps(),
                        operandTraffic));
    }

    /** Cycles of an operator on its own that no resource's busy time accounts for: its unhidden first load and last store. */
    static long exposedCycles(OperatorCost alone) {
        long busiest = Math.max(alone.computeCycles(),
                alone.levelCycles().values().stream().mapToLong(Long::longValue).max().orElse(0));
        return Math.max(0, alone.cycles() - busiest);
    }
}
