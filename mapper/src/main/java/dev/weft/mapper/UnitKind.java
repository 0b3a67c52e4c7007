package dev.weft.mapper;

import dev.weft.arch.Architecture;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kinds of compute unit an operator can be mapped onto, in the order the mapper offers
 * them to an operator: the first unit of the machine with a registered cost model for the
 * operator's kind runs it ({@link OperatorModels}).
 */
public enum UnitKind {
    /** Systolic arrays held to the fold template ({@code weft-arch/1}, or {@code weft-arch/2} with {@code systolic}). */
    SYSTOLIC_ARRAY(arch -> !arch.arrays().isEmpty()),
    /** A general spatial array under a per-operand memory hierarchy, mapped as loop nests. */
    SPATIAL_ARRAY(arch -> arch.loopNest() && !arch.cores().many()),
    /** Identical cores, each a general spatial array, sharing the device's memories. */
    MANY_CORE(arch -> arch.cores().many()),
    /** The SIMD lanes every machine has beside its array. */
    VECTOR(arch -> true);

    private final Predicate<Architecture> present;

    UnitKind(Predicate<Architecture> present) {
        this.present = present;
    }

    /** The units {@code arch} has, in the order the mapper offers them. */
    public static List<UnitKind> of(Architecture arch) {
        return Arrays.stream(values()).filter(unit -> unit.present.test(arch)).toList();
    }
}
