package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.arch.PeKind;
import dev.weft.error.WeftInputException;
import dev.weft.nest.Objective;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps each operator with the cost model registered for its kind on the first of the
 * machine's units that has one ({@link OperatorModels#entryFor}): contractions go
 * to the array (the fold template's search, the exact loop-nest mapper of a general spatial
 * array, or the many-core tiling), the other kinds to the vector unit.
 */
public final class Mapper {
    public static final int DEFAULT_BUDGET = 4096;

    private final Architecture arch;
    private final OperatorModels registry;
    private final OperatorModels.Setup setup;
    private final Map<OperatorModels.Entry, OperatorModel> models = new LinkedHashMap<>();

    public Mapper(Architecture arch, long seed, int budget) {
        this(arch, seed, budget, Objective.EDP);
    }

    /** @param objective what the loop-nest mapper of a {@code weft-arch/2} machine minimises */
    public Mapper(Architecture arch, long seed, int budget, Objective objective) {
        this(arch, seed, budget, objective, OperatorModels.standard());
    }

    /** @param registry the cost models to map with */
    public Mapper(Architecture arch, long seed, int budget, Objective objective, OperatorModels registry) {
        if (budget <= 0) {
            throw new WeftInputException("--search-budget", null, "must be positive, was " + budget,
                    "give the number of mappings to evaluate per operator shape, e.g. " + DEFAULT_BUDGET);
        }
        this.arch = arch;
        this.registry = registry;
        this.setup = new OperatorModels.Setup(seed, budget, objective);
    }

    /** Mappings whose cost has been evaluated so far. */
    public long evaluated() {
        return models.values().stream().mapToLong(OperatorModel::evaluated).sum();
    }

    public MappedOperator map(Operator operator) {
        return model(operator).map(operator);
    }

    /** Evaluates a given schedule entry (from a replayed schedule.json) after checking it fits. */
    public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
        return model(operator).replay(operator, entry, source);
    }

    private OperatorModel model(Operator operator) {
        return models.computeIfAbsent(registry.entryFor(operator, arch), e -> e.factory().create(arch, setup));
    }

    /** Candidate tile extents along a dimension: powers of two below it, and the whole of it. */
    public static List<Long> extents(long size) {
        List<Long> values = new ArrayList<>();
        for (long value = 1; value < size; value *= 2) {
            values.add(value);
        }
        values.add(size);
        return values;
    }

    /**
     * A MAC (or zero-skipping MAC) array runs products at a type it supports; a binary
     * accumulation also runs bit-serially on an XNOR-popcount array when the other
     * operand is an integer.
     */
    static boolean canRun(PeKind pe, Compute compute) {
        return switch (pe.kind()) {
            case MAC, SPARSE_NM -> pe.canExecute(compute.dtype());
            case XNOR_POPCOUNT -> compute instanceof Compute.BinaryAccumulate
                    && !compute.dtype().isFloatingPoint();
        };
    }
}
