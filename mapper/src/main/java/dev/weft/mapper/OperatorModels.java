package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.multicore.ManyCoreMapping;
import dev.weft.nest.Objective;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that says which cost model prices which operator kind on which unit. A new
 * kind or a new unit is a new {@link OperatorModel} class and one line in {@link #STANDARD}
 * (or one {@link #with} call for a kind defined outside Weft).
 */
public final class OperatorModels {

    /** What a model is built from: the machine and the mapper's search settings. */
    public record Setup(long seed, int budget, Objective objective) {
    }

    /** Builds the model of one (kind, unit) for one machine. */
    @FunctionalInterface
    public interface Factory {
        OperatorModel create(Architecture arch, Setup setup);
    }

    /** One registration: {@code kind}'s operators on {@code unit} are priced by what {@code factory} builds. */
    public record Entry(Class<? extends OperatorKind> kind, UnitKind unit, Factory factory) {
    }

    private static final List<Entry> STANDARD = List.of(
            new Entry(OperatorKind.Contraction.class, UnitKind.SYSTOLIC_ARRAY,
                    (arch, setup) -> new ArrayMapping(arch, setup.seed(), setup.budget())),
            new Entry(OperatorKind.Contraction.class, UnitKind.SPATIAL_ARRAY,
                    (arch, setup) -> new LoopNestMapping(arch, setup.objective())),
            new Entry(OperatorKind.Contraction.class, UnitKind.MANY_CORE,
                    (arch, setup) -> new ManyCoreMapping(arch, setup.objective())),
            new Entry(OperatorKind.ElementWise.class, UnitKind.VECTOR, (arch, setup) -> new VectorMapping(arch)),
            new Entry(OperatorKind.RowReduction.class, UnitKind.VECTOR, (arch, setup) -> new VectorMapping(arch)),
            new Entry(OperatorKind.Gather.class, UnitKind.VECTOR, (arch, setup) -> new VectorMapping(arch)),
            new Entry(OperatorKind.Scan.class, UnitKind.VECTOR, (arch, setup) -> new VectorMapping(arch)));

    private final List<Entry> entries;

    private OperatorModels(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Weft's own models. */
    public static OperatorModels standard() {
        return new OperatorModels(STANDARD);
    }

    /** These models and one more; a second model for the same kind and unit is a mistake. */
    public OperatorModels with(Class<? extends OperatorKind> kind, UnitKind unit, Factory factory) {
        if (find(kind, unit).isPresent()) {
            throw new IllegalArgumentException(kind.getSimpleName() + " on " + unit + " has a model already");
        }
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(kind, unit, factory));
        return new OperatorModels(more);
    }

    /**
     * The registration that prices {@code operator} on {@code arch}: that of the first of the
     * machine's units ({@link UnitKind#of}) with a model for the operator's kind.
     *
     * @throws WeftInputException naming the operator, its kind and the machine's units when none has one
     */
    public Entry entryFor(Operator operator, Architecture arch) {
        List<UnitKind> units = UnitKind.of(arch);
        for (UnitKind unit : units) {
            Optional<Entry> entry = find(operator.kind().getClass(), unit);
            if (entry.isPresent()) {
                return entry.get();
            }
        }
        throw new WeftInputException(arch.source(), "compute", operator.name() + " is a " + operator.kind().label()
                + " (" + operator.op() + "), for which no cost model is registered on any unit of " + arch.name()
                + " " + units, "choose hardware with a unit that runs it, or register a model for "
                + operator.kind().getClass().getSimpleName() + " in dev.weft.mapper.OperatorModels");
    }

    /** The registration for an operator of {@code kind} on {@code unit}, if there is one. */
    public Optional<Entry> find(Class<? extends OperatorKind> kind, UnitKind unit) {
        return entries.stream().filter(e -> e.kind() == kind && e.unit() == unit).findFirst();
    }

    public List<Entry> entries() {
        return entries;
    }
}
