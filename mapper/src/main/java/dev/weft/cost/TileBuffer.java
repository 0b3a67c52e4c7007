package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.StorageLevel;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which storage level holds the mapper's tiles, and how long each level's port is busy. */
public final class TileBuffer {
    private TileBuffer() {
    }

    /** The shared on-chip buffer nearest the compute: the innermost level that is not per PE. */
    public static StorageLevel of(Architecture arch) {
        StorageLevel chosen = null;
        for (StorageLevel level : arch.onChipLevels()) {
            if (!level.perPe()) {
                chosen = level;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(arch.name() + " has no shared on-chip buffer to tile into");
        }
        return chosen;
    }

    /**
     * Cycles each shared level's port needs for its traffic. PE-local storage is read in
     * parallel by every PE; a register slower than an action needs stretches the folds
     * themselves ({@link ArrayCostModel#registerPace}).
     */
    public static Map<String, Long> transferCycles(Architecture arch, Map<String, LevelTraffic> traffic) {
        Map<String, Long> cycles = new LinkedHashMap<>();
        for (StorageLevel level : arch.levels()) {
            LevelTraffic moved = traffic.get(level.name());
            if (moved == null || level.perPe()) {
                continue;
            }
            cycles.put(level.name(), (long) Math.ceil(moved.totalBytes() / level.bandwidthBytesPerCycle()));
        }
        return cycles;
    }
}
