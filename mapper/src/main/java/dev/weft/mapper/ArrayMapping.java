package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.cost.ArchEnergyModel;
import dev.weft.cost.ArrayCostModel;
import dev.weft.cost.OperatorCost;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Contractions on the systolic arrays of the fold template: the array, the buffer tile and the
 * DRAM loop order that minimise the energy-delay product under {@link ArrayCostModel}.
 *
 * <p>The space per contraction is every capable array x tile extents (powers of two below
 * each GEMM dimension, and the whole dimension) x the six loop orders, less tiles whose
 * double-buffered footprint exceeds the buffer. When that space is larger than the budget,
 * a sample of it is drawn with a random generator seeded from {@code seed} and the
 * operator's shape, so a run is reproducible. Operators of the same shape share one search.
 */
final class ArrayMapping implements OperatorModel {
    private static final List<String> ORDERS = List.of("mnk", "mkn", "nmk", "nkm", "kmn", "knm");

    private final Architecture arch;
    private final long seed;
    private final int budget;
    private final ArrayCostModel arrayModel;
    private final ArchEnergyModel objectiveEnergy;
    private final Map<String, Choice> searched = new HashMap<>();
    private long evaluated;

    ArrayMapping(Architecture arch, long seed, int budget) {
        this.arch = arch;
        this.seed = seed;
        this.budget = budget;
        this.arrayModel = new ArrayCostModel(arch);
        this.objectiveEnergy = new ArchEnergyModel(arch);
    }

    @Override
    public long evaluated() {
        return evaluated;
    }

    @Override
    public MappedOperator map(Operator operator) {
        GemmView view = GemmView.of(operator);
        List<ComputeArray> arrays = capableArrays(operator);
        String key = signature(view, arrays);
        Choice best = searched.get(key);
        if (best == null) {
            best = search(view, arrays, key);
            searched.put(key, best);
        }
        OperatorCost cost = arrayModel.evaluate(view, best.array(), best.tile(), best.order());
        return new MappedOperator(operator, schedule(view, best), cost);
    }

    @Override
    public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
        GemmView view = GemmView.of(operator);
        ScheduleCheck.checkDims(view, entry, source);
        ComputeArray array = capableArrays(operator).stream().filter(a -> a.name().equals(entry.unit())).findFirst()
                .orElseThrow(() -> new WeftInputException(source, operator.name() + ".unit", "no array named '"
                        + entry.unit() + "' that can run this operator on " + arch.name(),
                        "use one of " + capableArrays(operator).stream().map(ComputeArray::name).toList()));
        Choice choice = ScheduleCheck.check(arch, arrayModel, view, array, entry, source);
        evaluated++;
        return new MappedOperator(operator, schedule(view, choice),
                arrayModel.evaluate(view, choice.array(), choice.tile(), choice.order()));
    }

    /** A searched or replayed mapping of a contraction. */
    record Choice(ComputeArray array, GemmTile tile, String order) {
    }

    private Choice search(GemmView view, List<ComputeArray> arrays, String key) {
        List<Choice> space = new ArrayList<>();
        double capacity = arrayModel.buffer().sizeBytes();
        GemmTile whole = view.problem();
        for (ComputeArray array : arrays) {
            for (long m : Mapper.extents(whole.m())) {
                for (long n : Mapper.extents(whole.n())) {
                    for (long k : Mapper.extents(whole.k())) {
                        GemmTile tile = new GemmTile(m, n, k);
                        if (ArrayCostModel.footprintBytes(view, tile) <= capacity) {
                            for (String order : ORDERS) {
                                space.add(new Choice(array, tile, order));
                            }
                        }
                    }
                }
            }
        }
        if (space.isEmpty()) {
            double smallest = ArrayCostModel.footprintBytes(view, new GemmTile(1, 1, 1));
            throw new WeftInputException(arch.source(), "storage." + arrayModel.buffer().name() + ".size",
                    "buffer of " + arrayModel.buffer().sizeBytes() + " bytes cannot hold any tile of "
                            + view.operator().name() + " (the smallest needs " + (long) Math.ceil(smallest)
                            + " bytes, double-buffered)", "enlarge the buffer");
        }
        if (space.size() > budget) {
            SplittableRandom random = new SplittableRandom(seed ^ key.hashCode());
            for (int i = 0; i < budget; i++) {
                int j = i + random.nextInt(space.size() - i);
                Choice swap = space.get(i);
                space.set(i, space.get(j));
                space.set(j, swap);
            }
            space = space.subList(0, budget);
        }
        Choice best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Choice choice : space) {
            OperatorCost cost = arrayModel.evaluate(view, choice.array(), choice.tile(), choice.order());
            evaluated++;
            double energy = objectiveEnergy.energyPj(view.operator(), cost).values().stream()
                    .mapToDouble(Double::doubleValue).sum();
            double score = energy * cost.cycles();
            if (best == null || score < bestScore) {
                bestScore = score;
                best = choice;
            }
        }
        return best;
    }

    private List<ComputeArray> capableArrays(Operator operator) {
        Compute compute = operator.compute();
        List<ComputeArray> arrays = arch.arrays().stream().filter(a -> Mapper.canRun(a.pe(), compute)).toList();
        if (arrays.isEmpty()) {
            throw new WeftInputException(arch.source(), "compute.arrays", "no PE array of " + arch.name()
                    + " can execute " + operator.op() + " at " + compute.dtype().label() + " (arrays: "
                    + arch.arrays().stream().map(a -> a.name() + " " + a.pe().kind() + " " + a.pe().dtype().label())
                    .toList() + ")", "pass --dtype " + arch.nativeDtype().label()
                    + " or choose hardware whose array runs " + compute.dtype().label());
        }
        return arrays;
    }

    private static String signature(GemmView view, List<ComputeArray> arrays) {
        return arrays.stream().map(ComputeArray::name).toList() + "|" + view.a().dtype() + "|" + view.b().dtype()
                + "|" + view.b().format() + "|" + view.out().dtype() + "|" + view.problem() + "|" + view.batch();
    }

    private OperatorSchedule schedule(GemmView view, Choice choice) {
        String dataflow = choice.array().dataflow().label();
        String[] spatial = switch (choice.array().dataflow()) {
            case WS -> new String[] {"k", "n"};
            case OS -> new String[] {"m", "n"};
            case IS -> new String[] {"k", "m"};
        };
        return new OperatorSchedule(view.operator().name(), choice.array().name(), dataflow, view.dims(),
                view.problem(), view.batch(), arrayModel.buffer().name(), choice.tile(),
                choice.order().chars().mapToObj(c -> String.valueOf((char) c)).toList(), spatial[0], spatial[1], null);
    }
}
