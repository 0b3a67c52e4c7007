package dev.weft.fusion;

import dev.weft.arch.Architecture;
import dev.weft.arch.StorageLevel;
import dev.weft.cost.LevelTraffic;
import dev.weft.cost.OperatorCost;
import dev.weft.cost.TileBuffer;
import dev.weft.workload.Operator;
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
     * @param dramReadBytes  DRAM bytes the operator still reads
     * @param dramWriteBytes DRAM bytes it still writes
     * @param computeCycles  its unit's busy cycles inside the group
     * @param exposedCycles  cycles nothing overlaps: loading the first tiles, writing back the last
     * @param extraOps       unit actions the fused kernel adds (the online softmax's rescaling)
     */
    static OperatorCost of(Architecture arch, Operator operator, OperatorCost alone, double dramReadBytes, double dramWriteBytes,
                           long computeCycles, long exposedCycles, double extraOps) {
        String dram = arch.dram().name();
        LevelTraffic before = alone.traffic().getOrDefault(dram, LevelTraffic.NONE);
        double savedReads = before.readBytes() - dramReadBytes;
        double savedWrites = before.writeBytes() - dramWriteBytes;
        Map<String, LevelTraffic> traffic = new LinkedHashMap<>();
        for (Map.Entry<String, LevelTraffic> entry : alone.traffic().entrySet()) {
            StorageLevel level = arch.levels().stream().filter(l -> l.name().equals(entry.getKey())).findFirst()
                    .orElseThrow();
            LevelTraffic moved = entry.getValue();
            if (level == arch.dram()) {
                traffic.put(dram, new LevelTraffic(dramReadBytes, dramWriteBytes));
            } else if (level.perPe()) {
                traffic.put(level.name(), moved);
            } else {
                // what is no longer written to DRAM is no longer read out of the buffer, and vice versa
                traffic.put(level.name(), new LevelTraffic(Math.max(0, moved.readBytes() - savedWrites),
                        Math.max(0, moved.writeBytes() - savedReads)));
            }
        }
        Map<String, Long> levelCycles = TileBuffer.transferCycles(arch, traffic);
        long busiest = Math.max(computeCycles, levelCycles.values().stream().mapToLong(Long::longValue).max().orElse(0));
        return new OperatorCost(busiest + exposedCycles, computeCycles, levelCycles, traffic, alone.unit(),
                alone.unitOps() + extraOps, alone.nonlinearOps(), alone.peCount(), alone.usefulOps(), null,
                OperatorCost.counted(operator, alone.unit(), alone.unitOps() + extraOps, alone.nonlinearOps(), traffic));
    }

    /** Cycles of an operator on its own that no resource's busy time accounts for: its unhidden first load and last store. */
    static long exposedCycles(OperatorCost alone) {
        long busiest = Math.max(alone.computeCycles(),
                alone.levelCycles().values().stream().mapToLong(Long::longValue).max().orElse(0));
        return Math.max(0, alone.cycles() - busiest);
    }
}
