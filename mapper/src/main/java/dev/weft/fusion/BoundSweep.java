package dev.weft.fusion;

import dev.weft.arch.Architecture;
import dev.weft.arch.StorageLevel;
import dev.weft.cost.TileBuffer;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.MappedOperator;
import dev.weft.mapper.Mapper;
import dev.weft.schedule.FusionGroup;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's softmax attention cores against on-chip capacity (the curve Orojenesis, ISCA 2024,
 * plots): for each buffer size, the DRAM traffic of the cores mapped one operator at a time,
 * fused as Weft maps them, and the bound of {@link AttentionBound}. The buffer is the only thing
 * that changes; the cores are mapped afresh at each size.
 */
public final class BoundSweep {

    private BoundSweep() {
    }

    /**
     * One buffer size. Blocks are the first core's ({@code null} where no blocks fit and the cores
     * run unfused).
     */
    public record Row(long capacityBytes, double unfusedDramBytes, double fusedDramBytes, Long queryBlock, Long kvBlock,
                      Boolean kvResident, double compulsoryBytes, double sahaYeBytes, double hongKungScoresBytes,
                      double lowerBoundBytes) {
        public double fusedOverBound() {
            return fusedDramBytes / lowerBoundBytes;
        }
    }

    /** Buffer sizes: the machine's own times each of {@code factors}. */
    public static List<Row> run(Workload workload, Architecture arch, List<Double> factors, long seed) {
        if (arch.loopNest()) {
            throw new WeftInputException("--hw", null, arch.name() + " has a general spatial array; fusion, and so this "
                    + "sweep, is modelled on systolic arrays", "choose a systolic preset, e.g. systolic-128x128-int8");
        }
        List<Operator> cores = FusionPlanner.attentionCores(workload).values().stream().flatMap(List::stream).toList();
        if (cores.stream().noneMatch(o -> o.kind().is(Role.ATTENTION_SCORES))) {
            throw new WeftInputException("--model", null, workload.model() + " has no softmax attention",
                    "choose a model with attention and --attention softmax");
        }
        Workload attention = new Workload(workload.model(), workload.family(), workload.vision(), workload.spec(), cores);
        StorageLevel buffer = TileBuffer.of(arch);
        List<Row> rows = new ArrayList<>();
        for (double factor : factors) {
            long capacity = Math.max(1, Math.round(buffer.sizeBytes() * factor));
            Architecture sized = withBuffer(arch, buffer, capacity);
            Mapper mapper = new Mapper(sized, seed, Mapper.DEFAULT_BUDGET);
            List<MappedOperator> mapped;
            try {
                mapped = cores.stream().map(mapper::map).toList();
            } catch (WeftInputException tooSmall) {
                continue;
            }
            FusionPlan plan = FusionPlanner.plan(attention, sized, mapped, Fusion.ATTENTION);
            double unfused = plan.dramBytesAlone().values().stream().mapToDouble(Double::doubleValue).sum();
            double fused = plan.operators().stream().mapToDouble(m -> m.cost().traffic().get(arch.dram().name())
                    .totalBytes()).sum();
            double compulsory = 0;
            double sahaYe = 0;
            double hongKung = 0;
            double lowerBound = 0;
            for (Operator scores : cores.stream().filter(o -> o.kind().is(Role.ATTENTION_SCORES)).toList()) {
                String prefix = scores.name().substring(0, scores.name().lastIndexOf('.'));
                Operator context = cores.stream().filter(o -> o.kind().is(Role.ATTENTION_CONTEXT)
                        && o.name().startsWith(prefix + ".")).findFirst().orElseThrow();
                AttentionBound.Terms terms = AttentionBound.of(
                        FlashAttention.Shape.of(GemmView.of(scores), GemmView.of(context)), capacity);
                compulsory += terms.compulsoryBytes();
                sahaYe += terms.sahaYeBytes();
                hongKung += terms.hongKungScoresBytes();
                lowerBound += terms.lowerBoundBytes();
            }
            FusionGroup first = plan.groups().stream().filter(FusionGroup::blocked).findFirst().orElse(null);
            rows.add(new Row(capacity, unfused, fused, first == null ? null : first.queryBlock(),
                    first == null ? null : first.kvBlock(), first == null ? null : first.kvResident(), compulsory,
                    sahaYe, hongKung, lowerBound));
        }
        return rows;
    }

    private static Architecture withBuffer(Architecture arch, StorageLevel buffer, long capacity) {
        List<StorageLevel> levels = arch.levels().stream().map(level -> level != buffer ? level
                : new StorageLevel(level.name(), level.kind(), capacity, level.perPe(), level.wordBits(),
                level.bandwidthBytesPerCycle(), level.readPjPerWord(), level.writePjPerWord())).toList();
        return new Architecture(arch.name(), arch.description(), arch.source(), arch.clockHz(), levels, arch.arrays(),
                arch.vector(), arch.technology(), arch.hierarchy(), arch.cores(), arch.interconnect());
    }
}
