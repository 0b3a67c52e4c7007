package dev.weft.fusion;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Operand;
import dev.weft.arch.PeKind;
import dev.weft.cost.ArrayCostModel;
import dev.weft.cost.LevelTraffic;
import dev.weft.cost.OperatorCost;
import dev.weft.cost.TileBuffer;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.GemmView;
import dev.weft.mapper.MappedOperator;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.Phase;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which operators run as one kernel and prices them so. Two kinds of group:
 * <ul>
 *   <li><b>attention</b>: every operator of an attention core ({@link #attentionCores}). Softmax attention runs FlashAttention-style
 *       ({@link FlashAttention}) when its blocks fit the buffer. Linear attention and EcoFormer
 *       have no score matrix: their cores sum keys and values into a per-head summary
 *       ({@code phi(K)^T V}, the codes' {@code H_K^T V}) before any query reads it, so the core
 *       fuses when the summaries of one head fit in half the buffer; the feature maps, hashes and
 *       codes are produced and consumed tile by tile;</li>
 *   <li><b>epilogue</b>: a contraction and the chain of vector operators that each read only the
 *       previous one's output as their sole consumer (activations, residual adds, softcaps,
 *       normalisation): the output tile is finished on chip. A row-wise operator (layernorm,
 *       RMSNorm, softmax) joins only when the contraction's buffer tile spans whole rows. A
 *       contraction of the same input whose output only that chain's operator reads joins too
 *       (a gated MLP's up projection beside its gate), its tile finished beside the other.</li>
 * </ul>
 * A tensor stays on chip when every operator that reads it is in the group and it is not a
 * result of the model. Fusion is modelled on {@code weft-arch/1} machines (one shared buffer that
 * holds the tiles); on a {@code weft-arch/2} hierarchy every operator runs on its own.
 */
public final class FusionPlanner {
    private final Workload workload;
    private final Architecture arch;
    private final Graph graph;
    private final Map<String, MappedOperator> byName = new LinkedHashMap<>();

    private FusionPlanner(Workload workload, Architecture arch, List<MappedOperator> mapped) {
        this.workload = workload;
        this.arch = arch;
        this.graph = Graph.of(workload);
        mapped.forEach(m -> byName.put(m.operator().name(), m));
    }

    /** The groups {@code fusion} allows on this machine, and the operators priced in them. */
    public static FusionPlan plan(Workload workload, Architecture arch, List<MappedOperator> mapped, Fusion fusion) {
        FusionPlanner planner = new FusionPlanner(workload, arch, mapped);
        List<FusionGroup> groups = new ArrayList<>();
        if (fusion.attention() && !arch.loopNest()) {
            groups.addAll(planner.attentionGroups());
        }
        if (fusion.epilogues() && !arch.loopNest()) {
            groups.addAll(planner.epilogueGroups(groups));
        }
        return planner.apply(fusion, groups, null);
    }

    /** A replayed schedule's groups, each checked against the workload and the buffer. */
    public static FusionPlan replay(Workload workload, Architecture arch, List<MappedOperator> mapped,
                                    List<FusionGroup> groups, String source) {
        FusionPlanner planner = new FusionPlanner(workload, arch, mapped);
        if (!groups.isEmpty() && arch.loopNest()) {
            throw new WeftInputException(source, "fusion_groups", "fusion is modelled on systolic arrays and "
                    + arch.name() + " has a general spatial array", "remove fusion_groups");
        }
        boolean epilogues = groups.stream().anyMatch(g -> FusionGroup.EPILOGUE.equals(g.kind()));
        Fusion fusion = groups.isEmpty() ? Fusion.NONE : epilogues ? Fusion.ALL : Fusion.ATTENTION;
        return planner.apply(fusion, groups, source);
    }

    private List<FusionGroup> attentionGroups() {
        List<FusionGroup> groups = new ArrayList<>();
        attentionCores(workload).forEach((name, members) -> attentionGroup(name, members).ifPresent(groups::add));
        return groups;
    }

    /**
     * The attention cores of a workload, by the prefix {@code AttentionLowering} gave their operators
     * ({@code <layer>.core} in the zoo, the matched node's name for an ONNX import): the prefix of each
     * operator that produces a core's context, and every operator under it.
     */
    public static Map<String, List<Operator>> attentionCores(Workload workload) {
        Map<String, List<Operator>> cores = new LinkedHashMap<>();
        for (Operator operator : workload.operators()) {
            if (operator.kind() instanceof OperatorKind.Contraction contraction && contraction.role().context()) {
                cores.put(operator.name().substring(0, operator.name().lastIndexOf('.')), new ArrayList<>());
            }
        }
        for (Operator operator : workload.operators()) {
            cores.forEach((prefix, members) -> {
                if (operator.name().startsWith(prefix + ".")) {
                    members.add(operator);
                }
            });
        }
        return cores;
    }

    private Optional<FusionGroup> attentionGroup(String name, List<Operator> members) {
        List<String> names = members.stream().map(Operator::name).toList();
        List<String> onChip = onChip(members);
        if (onChip.isEmpty()) {
            return Optional.empty();
        }
        Optional<Operator> scores = members.stream().filter(o -> o.kind().is(Role.ATTENTION_SCORES)).findFirst();
        Optional<Operator> context = members.stream().filter(o -> o.kind().is(Role.ATTENTION_CONTEXT)).findFirst();
        if (scores.isPresent() && context.isPresent()) {
            if (!onChip.contains(scores.get().output().name())) {
                return Optional.empty();
            }
            FlashAttention.Shape shape = FlashAttention.Shape.of(GemmView.of(scores.get()), GemmView.of(context.get()));
            // on a buffer too small for useful blocks the operators' own tilings move less: they then run alone
            double alone = members.stream().mapToDouble(m -> byName.get(m.name()).cost().traffic()
                    .getOrDefault(arch.dram().name(), LevelTraffic.NONE).totalBytes()).sum();
            return macArray(scores.get()).flatMap(array -> FlashAttention.search(array, shape,
                            TileBuffer.of(arch).sizeBytes(), arch.dram().bandwidthBytesPerCycle(), arch.vector().lanes()))
                    .filter(b -> FlashAttention.traffic(shape, b).totalBytes() < alone)
                    .map(b -> new FusionGroup(name, FusionGroup.ATTENTION, names, onChip, b.queryBlock(), b.kvBlock(),
                            b.kvResident()));
        }
        double summaries = 0;
        for (Operator member : members) {
            if (member.isContraction() && onChip.contains(member.output().name())) {
                GemmTile whole = GemmView.of(member).problem();
                if (whole.k() >= whole.m() && whole.k() >= whole.n()) {
                    summaries += whole.m() * whole.n() * FlashAttention.ACCUMULATOR_BYTES;
                }
            }
        }
        if (summaries > TileBuffer.of(arch).sizeBytes() / 2.0) {
            return Optional.empty();
        }
        return Optional.of(new FusionGroup(name, FusionGroup.ATTENTION, names, onChip, null, null, null));
    }

    private List<FusionGroup> epilogueGroups(List<FusionGroup> taken) {
        Set<String> grouped = new HashSet<>();
        taken.forEach(g -> grouped.addAll(g.operators()));
        List<FusionGroup> groups = new ArrayList<>();
        for (Operator producer : workload.operators()) {
            if (!producer.isContraction() || grouped.contains(producer.name())) {
                continue;
            }
            OperatorSchedule schedule = byName.get(producer.name()).schedule();
            boolean wholeRows = schedule.bufferTile() != null
                    && schedule.bufferTile().n() >= schedule.problem().n();
            List<Operator> members = new ArrayList<>(List.of(producer));
            Operator last = producer;
            while (true) {
                Operator next = soleReader(last);
                boolean rowWise = next != null && next.kind() instanceof OperatorKind.RowReduction;
                if (next == null || grouped.contains(next.name())
                        || !(next.kind() instanceof OperatorKind.ElementWise || rowWise) || (rowWise && !wholeRows)) {
                    break;
                }
                members.addAll(siblings(producer, next, members, grouped));
                members.add(next);
                last = next;
            }
            if (members.size() > 1) {
                members.forEach(m -> grouped.add(m.name()));
                Set<String> names = new HashSet<>();
                members.forEach(m -> names.add(m.name()));
                List<Operator> ordered = workload.operators().stream().filter(o -> names.contains(o.name())).toList();
                groups.add(new FusionGroup(producer.name() + ".epilogue", FusionGroup.EPILOGUE,
                        ordered.stream().map(Operator::name).toList(), onChip(ordered), null, null, null));
            }
        }
        return groups;
    }

    /**
     * The other contractions whose output {@code joining} combines with the chain's, when each reads the same
     * input as {@code producer} and {@code joining} alone reads its output (a gated MLP's gate and up
     * projections, multiplied): they produce matching tiles, so both outputs stay on chip.
     */
    private List<Operator> siblings(Operator producer, Operator joining, List<Operator> members, Set<String> grouped) {
        List<String> input = Graph.activations(producer).stream().map(TensorSpec::name).toList();
        List<Operator> siblings = new ArrayList<>();
        for (TensorSpec operand : Graph.activations(joining)) {
            Operator source = graph.producer(operand.name());
            if (source != null && source.isContraction() && !members.contains(source)
                    && !grouped.contains(source.name()) && soleReader(source) == joining
                    && Graph.activations(source).stream().map(TensorSpec::name).toList().equals(input)) {
                siblings.add(source);
            }
        }
        return siblings;
    }

    /** The one operator that reads {@code operator}'s whole output as it is, or null. */
    private Operator soleReader(Operator operator) {
        String out = operator.output().name();
        List<Operator> readers = graph.consumers(out);
        if (readers.size() != 1 || graph.outputs().contains(out)) {
            return null;
        }
        Operator reader = readers.get(0);
        return Graph.activations(reader).stream().anyMatch(t -> t.name().equals(out)) ? reader : null;
    }

    /** Outputs of members that only members read and that are no result of the model. */
    private List<String> onChip(List<Operator> members) {
        Set<String> inside = new HashSet<>();
        members.forEach(m -> inside.add(m.name()));
        List<String> tensors = new ArrayList<>();
        for (Operator member : members) {
            String out = member.output().name();
            List<Operator> readers = graph.consumers(out);
            if (!readers.isEmpty() && readers.stream().allMatch(r -> inside.contains(r.name()))) {
                tensors.add(out);
            }
        }
        return tensors;
    }

    private Optional<ComputeArray> macArray(Operator operator) {
        String unit = byName.get(operator.name()).cost().unit();
        return arch.arrays().stream().filter(a -> a.name().equals(unit) && a.pe().kind() == PeKind.Kind.MAC).findFirst();
    }

    private FusionPlan apply(Fusion fusion, List<FusionGroup> groups, String source) {
        Map<String, OperatorCost> fused = new LinkedHashMap<>();
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            FusionGroup group = groups.get(i);
            if (source != null) {
                check(group, "fusion_groups[" + i + "]", source);
            }
            for (String name : group.operators()) {
                if (groupOf.put(name, group.name()) != null) {
                    throw new WeftInputException(source, "fusion_groups[" + i + "].operators", "puts " + name
                            + " in a second group", "keep each operator in one group");
                }
            }
            fused.putAll(price(group));
        }
        List<Results.SplitKCore> cores = new ArrayList<>();
        if (workload.spec().phase() == Phase.DECODE) {
            groups = groups.stream().map(g -> g.blocked() ? split(g, fused, source == null, cores) : g).toList();
        }
        List<MappedOperator> operators = new ArrayList<>();
        Map<String, Double> alone = new LinkedHashMap<>();
        for (MappedOperator entry : byName.values()) {
            LevelTraffic dram = entry.cost().traffic().getOrDefault(arch.dram().name(), LevelTraffic.NONE);
            alone.put(entry.operator().name(), dram.totalBytes());
            OperatorCost cost = fused.get(entry.operator().name());
            operators.add(cost == null ? entry : new MappedOperator(entry.operator(), entry.schedule(), cost));
        }
        return new FusionPlan(fusion, groups, operators, alone, groupOf,
                cores.isEmpty() ? null : Results.SplitK.of(cores));
    }

    /**
     * A blocked decode core split as Lean Attention splits it: at the fastest split when {@code search}, else
     * at the group's own {@code kv_splits} (a replayed schedule without one does not split). Adds the core's
     * cycles unsplit and split to {@code cores}.
     */
    private FusionGroup split(FusionGroup group, Map<String, OperatorCost> fused, boolean search,
                              List<Results.SplitKCore> cores) {
        Operator scores = member(group, Role.ATTENTION_SCORES);
        Operator context = member(group, Role.ATTENTION_CONTEXT);
        ComputeArray array = macArray(scores).orElseThrow();
        FlashAttention.Shape shape = FlashAttention.Shape.of(GemmView.of(scores), GemmView.of(context));
        FlashAttention.Blocks blocks = new FlashAttention.Blocks(group.queryBlock(), group.kvBlock(), group.kvResident());
        // the online softmax's lanes, as the group's estimate charges them
        long vectorCycles = group.operators().stream().filter(n -> !n.equals(scores.name()) && !n.equals(context.name()))
                .mapToLong(n -> fused.get(n).computeCycles()).sum();
        double bandwidth = arch.dram().bandwidthBytesPerCycle();
        int lanes = arch.vector().lanes();
        long splits = search ? SplitKDecode.evaluate(array, shape, blocks, bandwidth, lanes, vectorCycles).splits()
                : group.kvSplits() == null ? 1 : group.kvSplits();
        cores.add(new Results.SplitKCore(group.name(), splits,
                SplitKDecode.cycles(array, shape, blocks, 1, bandwidth, lanes, vectorCycles),
                SplitKDecode.cycles(array, shape, blocks, splits, bandwidth, lanes, vectorCycles)));
        return group.withKvSplits(splits);
    }

    /** Each member's cost inside the group. */
    private Map<String, OperatorCost> price(FusionGroup group) {
        Set<String> onChip = new LinkedHashSet<>(group.onChip());
        Map<String, OperatorCost> costs = new LinkedHashMap<>();
        FlashAttention.Shape shape = null;
        FlashAttention.Blocks blocks = null;
        ComputeArray array = null;
        if (group.blocked()) {
            Operator scores = member(group, Role.ATTENTION_SCORES);
            shape = FlashAttention.Shape.of(GemmView.of(scores), GemmView.of(member(group, Role.ATTENTION_CONTEXT)));
            blocks = new FlashAttention.Blocks(group.queryBlock(), group.kvBlock(), group.kvResident());
            array = macArray(scores).orElseThrow();
        }
        for (String name : group.operators()) {
            MappedOperator entry = byName.get(name);
            Operator operator = entry.operator();
            OperatorCost alone = entry.cost();
            if (shape != null && operator.kind().is(Role.ATTENTION_SCORES)) {
                FlashAttention.Traffic traffic = FlashAttention.traffic(shape, blocks);
                costs.put(name, FusedCost.of(arch, operator, alone, Map.of(
                                Operand.INPUT, new LevelTraffic(traffic.queryReadBytes(), 0),
                                Operand.WEIGHT, new LevelTraffic(traffic.keyReadBytes(), 0)),
                        FlashAttention.scoreCycles(array, shape, blocks),
                        dramCycles(FlashAttention.firstBlocksBytes(shape, blocks, 1)), 0));
            } else if (shape != null && operator.kind().is(Role.ATTENTION_CONTEXT)) {
                FlashAttention.Traffic traffic = FlashAttention.traffic(shape, blocks);
                costs.put(name, FusedCost.of(arch, operator, alone, Map.of(
                                Operand.WEIGHT, new LevelTraffic(traffic.valueReadBytes(), 0),
                                Operand.OUTPUT, new LevelTraffic(0, traffic.outputWriteBytes())),
                        FlashAttention.contextCycles(array, shape, blocks),
                        dramCycles(FlashAttention.lastBlockBytes(shape, blocks)), 0));
            } else {
                Map<Operand, Double> kept = onChipReadBytes(entry, onChip);
                boolean outputKept = onChip.contains(operator.output().name());
                Map<Operand, LevelTraffic> dram = new EnumMap<>(Operand.class);
                alone.operandTraffic().getOrDefault(arch.dram().name(), Map.of()).forEach((operand, moved) ->
                        dram.put(operand, new LevelTraffic(Math.max(0, moved.readBytes() - kept.getOrDefault(operand, 0.0)),
                                operand == Operand.OUTPUT && outputKept
                                        ? Math.max(0, moved.writeBytes() - outputBytes(operator)) : moved.writeBytes())));
                double extra = shape != null && operator.kind() instanceof OperatorKind.RowReduction row
                        && row.exponential() ? FlashAttention.rescaleOps(shape, blocks) : 0;
                long extraCycles = (long) Math.ceil(extra / arch.vector().lanes());
                costs.put(name, FusedCost.of(arch, operator, alone, dram, alone.computeCycles() + extraCycles,
                        exposedCycles(entry, onChip), extra));
            }
        }
        return costs;
    }

    /**
     * Cycles of a group member that nothing overlaps: those it had alone, less the first load of an operand
     * the group produces on chip and the last write-back of an output the group keeps there.
     */
    private long exposedCycles(MappedOperator entry, Set<String> onChip) {
        Operator operator = entry.operator();
        long alone = FusedCost.exposedCycles(entry.cost());
        GemmTile tile = entry.schedule().bufferTile();
        if (!operator.isContraction() || tile == null) {
            return alone;
        }
        GemmView view = GemmView.of(operator);
        return alone - ArrayCostModel.exposedCycles(arch, view, tile, true, true, true)
                + ArrayCostModel.exposedCycles(arch, view, tile, !readsOnChip(view.a(), onChip),
                !readsOnChip(view.b(), onChip), !onChip.contains(operator.output().name()));
    }

    /**
     * DRAM bytes an operator on its own reads of tensors that stay on chip in its group, per operand: a
     * contraction's operand 0 is its input and operand 1 its weight (an activation such as K or V included);
     * whatever a vector operator reads is its input.
     */
    private Map<Operand, Double> onChipReadBytes(MappedOperator entry, Set<String> onChip) {
        Operator operator = entry.operator();
        if (operator.isContraction() && entry.schedule().bufferTile() != null) {
            GemmView view = GemmView.of(operator);
            ArrayCostModel.OperandReads reads = ArrayCostModel.operandReads(view, entry.schedule().bufferTile(),
                    String.join("", entry.schedule().dramLoopOrder()));
            return Map.of(Operand.INPUT, readsOnChip(view.a(), onChip) ? reads.aBytes() : 0.0,
                    Operand.WEIGHT, readsOnChip(view.b(), onChip) ? reads.bBytes() : 0.0);
        }
        Map<String, Long> sizes = operator.dimSizes();
        return Map.of(Operand.INPUT, Graph.activations(operator).stream().filter(t -> readsOnChip(t, onChip))
                .mapToDouble(t -> t.storedBits(t.footprint(sizes)) / 8.0).sum());
    }

    private static boolean readsOnChip(TensorSpec tensor, Set<String> onChip) {
        return tensor.role() != dev.weft.workload.TensorRole.WEIGHT
                && Graph.sources(tensor.name()).stream().anyMatch(onChip::contains);
    }

    private static double outputBytes(Operator operator) {
        TensorSpec out = operator.output();
        return out.storedBits(out.footprint(operator.dimSizes())) / 8.0;
    }

    private long dramCycles(double bytes) {
        return (long) Math.ceil(bytes / arch.dram().bandwidthBytesPerCycle());
    }

    private Operator member(FusionGroup group, Role role) {
        return group.operators().stream().map(n -> byName.get(n).operator()).filter(o -> o.kind().is(role))
                .findFirst().orElseThrow();
    }

    /** A replayed group names operators of this workload, the tensors they keep on chip, and blocks that fit. */
    private void check(FusionGroup group, String at, String source) {
        if (!FusionGroup.ATTENTION.equals(group.kind()) && !FusionGroup.EPILOGUE.equals(group.kind())) {
            throw new WeftInputException(source, at + ".kind", "is '" + group.kind() + "'",
                    "use \"" + FusionGroup.ATTENTION + "\" or \"" + FusionGroup.EPILOGUE + "\"");
        }
        List<Operator> members = new ArrayList<>();
        for (String name : group.operators()) {
            MappedOperator entry = byName.get(name);
            if (entry == null) {
                throw new WeftInputException(source, at + ".operators", "names " + name + ", which this workload lacks",
                        "replay a schedule written for the same model and workload options");
            }
            members.add(entry.operator());
        }
        List<String> onChip = onChip(members);
        if (!new HashSet<>(onChip).equals(new HashSet<>(group.onChip()))) {
            throw new WeftInputException(source, at + ".on_chip", "is " + group.onChip()
                    + " but the tensors that only these operators read are " + onChip, "set \"on_chip\": " + onChip);
        }
        if (group.blocked()) {
            Optional<Operator> scores = members.stream().filter(o -> o.kind().is(Role.ATTENTION_SCORES)).findFirst();
            Optional<Operator> context = members.stream().filter(o -> o.kind().is(Role.ATTENTION_CONTEXT)).findFirst();
            if (scores.isEmpty() || context.isEmpty() || macArray(scores.get()).isEmpty() || group.kvResident() == null
                    || group.kvBlock() == null || group.queryBlock() <= 0 || group.kvBlock() <= 0) {
                throw new WeftInputException(source, at + ".query_block", "blocks need a softmax attention core on a MAC "
                        + "array and positive query_block, kv_block with kv_resident", "compare with a schedule.json "
                        + "written by weft estimate");
            }
            FlashAttention.Shape shape = FlashAttention.Shape.of(GemmView.of(scores.get()), GemmView.of(context.get()));
            double need = FlashAttention.footprintBytes(shape,
                    new FlashAttention.Blocks(group.queryBlock(), group.kvBlock(), group.kvResident()));
            if (need > TileBuffer.of(arch).sizeBytes()) {
                throw new WeftInputException(source, at + ".query_block", "blocks need " + (long) Math.ceil(need)
                        + " bytes of the " + TileBuffer.of(arch).sizeBytes() + "-byte buffer", "choose smaller blocks");
            }
            if (group.kvSplits() != null && (workload.spec().phase() != Phase.DECODE || group.kvSplits() < 1
                    || group.kvSplits() > Math.min(macArray(scores.get()).orElseThrow().cols(), shape.keys()))) {
                throw new WeftInputException(source, at + ".kv_splits", "is " + group.kvSplits() + ", but splits "
                        + "cut a decode core's " + shape.keys() + " keys over at most one array column each",
                        "give 1 to " + Math.min(macArray(scores.get()).orElseThrow().cols(), shape.keys())
                                + " in decode, or remove kv_splits");
            }
        } else if (group.kvSplits() != null) {
            throw new WeftInputException(source, at + ".kv_splits", "is set on a group without blocks",
                    "remove kv_splits, which splits blocked softmax attention in decode");
        }
    }
}
