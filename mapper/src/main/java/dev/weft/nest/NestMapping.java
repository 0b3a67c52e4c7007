package dev.weft.nest;

import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.schedule.NestSchedule;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mapping of a contraction onto a {@code weft-arch/2} hierarchy: how the array's
 * dimensions unroll loop dimensions, the temporal loops innermost first, and for each operand
 * how many of those loops each memory of its chain keeps (innermost memory first; the
 * outermost, DRAM, keeps them all).
 */
public record NestMapping(List<Unroll> unrolls, List<Loop> loops, Map<Operand, int[]> cuts) {

    public NestMapping {
        unrolls = List.copyOf(unrolls);
        loops = List.copyOf(loops);
        EnumMap<Operand, int[]> copy = new EnumMap<>(Operand.class);
        cuts.forEach((operand, levels) -> copy.put(operand, levels.clone()));
        cuts = copy;
    }

    /** Loops kept at or below level {@code level} (innermost first) of {@code operand}'s chain. */
    public int cut(Operand operand, int level) {
        return cuts.get(operand)[level];
    }

    /** The mapping as {@code schedule.json} writes it, memories named from {@code hierarchy}. */
    public NestSchedule toSchedule(Hierarchy hierarchy) {
        List<NestSchedule.Spatial> spatial = unrolls.stream().map(u -> new NestSchedule.Spatial(u.arrayDim(),
                NestProblem.DIMS.get(u.dim()), u.factor())).toList();
        List<NestSchedule.Temporal> temporal = loops.stream().map(l -> new NestSchedule.Temporal(
                NestProblem.DIMS.get(l.dim()), l.factor())).toList();
        Map<String, Map<String, Integer>> keeps = new LinkedHashMap<>();
        for (Operand operand : Operand.values()) {
            List<Memory> chain = hierarchy.chain(operand);
            Map<String, Integer> perMemory = new LinkedHashMap<>();
            for (int outer = 0; outer < chain.size(); outer++) {
                perMemory.put(chain.get(outer).name(), cut(operand, chain.size() - 1 - outer));
            }
            keeps.put(operand.label(), perMemory);
        }
        return new NestSchedule(spatial, temporal, keeps);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NestMapping that) || !unrolls.equals(that.unrolls) || !loops.equals(that.loops)) {
            return false;
        }
        for (Operand operand : Operand.values()) {
            if (!Arrays.equals(cuts.get(operand), that.cuts.get(operand))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = unrolls.hashCode() * 31 + loops.hashCode();
        for (Operand operand : Operand.values()) {
            hash = hash * 31 + Arrays.hashCode(cuts.get(operand));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("spatial ").append(unrolls).append(" temporal ").append(loops);
        cuts.forEach((operand, levels) -> text.append(' ').append(operand.label()).append(Arrays.toString(levels)));
        return text.toString();
    }
}
