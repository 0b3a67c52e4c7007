package dev.weft.arch;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An accelerator: clock, memory hierarchy, compute arrays and vector unit.
 *
 * @param source     the file it was read from, or {@code preset:NAME}
 * @param levels     outermost first: DRAM, then on-chip buffers, then PE-local registers
 * @param technology process node the energies are quoted for, e.g. {@code 45nm}
 * @param arrays     the systolic arrays, held to {@link SystolicTiming}'s fold contract and fed
 *                   through the shared levels (the fold template); empty when the machine has a
 *                   general spatial array, which the loop-nest mapper maps onto {@code hierarchy}
 * @param hierarchy  the per-operand memories and the spatial array they feed; derived from
 *                   {@code levels} and the first array for a {@code weft-arch/1} file
 * @param cores      the identical cores of a many-core device (a general array only): then
 *                   {@code hierarchy} and its array describe one core, while {@code levels} and
 *                   {@code vector} are the whole device's (per-core sizes, bandwidths and lanes
 *                   times the cores), as the reports and the vector-unit model see them
 * @param interconnect the links to identical devices, for runs split over several of them
 * @param runCosts   sustained DRAM bandwidth and kernel launch time of a real run ({@link RunCosts#NONE}
 *                   for a device that runs at its peaks)
 */
public record Architecture(String name, String description, String source, double clockHz,
                           List<StorageLevel> levels, List<ComputeArray> arrays, VectorUnit vector,
                           String technology, Hierarchy hierarchy, Cores cores,
                           Optional<Interconnect> interconnect, RunCosts runCosts) {

    /** One device of one core, on its own. */
    public Architecture(String name, String description, String source, double clockHz, List<StorageLevel> levels,
                        List<ComputeArray> arrays, VectorUnit vector, String technology, Hierarchy hierarchy) {
        this(name, description, source, clockHz, levels, arrays, vector, technology, hierarchy, Cores.single(),
                Optional.empty());
    }

    /** A device that runs at its peaks. */
    public Architecture(String name, String description, String source, double clockHz, List<StorageLevel> levels,
                        List<ComputeArray> arrays, VectorUnit vector, String technology, Hierarchy hierarchy,
                        Cores cores, Optional<Interconnect> interconnect) {
        this(name, description, source, clockHz, levels, arrays, vector, technology, hierarchy, cores, interconnect,
                RunCosts.NONE);
    }

    public Architecture {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(technology, "technology");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an architecture needs a name");
        }
        if (!(clockHz > 0) || Double.isInfinite(clockHz)) {
            throw new IllegalArgumentException("clock must be positive, was " + clockHz);
        }
        levels = List.copyOf(levels);
        arrays = List.copyOf(arrays);
        if (!arrays.isEmpty()) {
            checkLevels(levels);
        }
        Objects.requireNonNull(hierarchy, "hierarchy");
        Objects.requireNonNull(cores, "cores");
        Objects.requireNonNull(interconnect, "interconnect");
        Objects.requireNonNull(runCosts, "runCosts");
        if (cores.many() && !arrays.isEmpty()) {
            throw new IllegalArgumentException("only a general spatial array can be replicated over cores");
        }
        requireUnique(arrays.stream().map(ComputeArray::name).toList(), "compute array");
    }

    /** Main memory: the outermost level, where every tensor starts and ends. */
    public StorageLevel dram() {
        return levels.get(0);
    }

    /** Every level but DRAM, outermost first. */
    public List<StorageLevel> onChipLevels() {
        return levels.subList(1, levels.size());
    }

    /**
     * Whether contractions are mapped as loop nests over per-operand memories: a general spatial
     * array. Systolic arrays, whichever format describes them, follow the fold template.
     */
    public boolean loopNest() {
        return arrays.isEmpty();
    }

    /**
     * The default element type of a workload: that of the first array with multipliers. An
     * XNOR-popcount array beside them runs only the binary codes a workload asks for (EcoFormer's
     * hashed attention); making binary the default would price every weight at one bit.
     */
    public dev.weft.workload.DType nativeDtype() {
        return arrays.stream().map(ComputeArray::pe).filter(pe -> pe.kind() != PeKind.Kind.XNOR_POPCOUNT)
                .findFirst().orElse(hierarchy.array().pe()).dtype();
    }

    /**
     * The systolic arrays, for the backends held to the fold contract (simulator, RTL, FPGA).
     * A machine with a general spatial array has none, which is an error here.
     */
    public List<ComputeArray> systolicArrays(String backend) {
        if (arrays.isEmpty()) {
            throw new dev.weft.error.WeftInputException(source, "array", name + " has a general spatial array, which "
                    + backend + " cannot execute yet",
                    "give array.systolic: ws|os|is, or use a systolic preset such as systolic-32x32-int8");
        }
        return arrays;
    }

    /** Whether some array of this machine has PEs of {@code kind}. */
    public boolean hasPe(PeKind.Kind kind) {
        return hierarchy.array().pe().kind() == kind || arrayFor(kind).isPresent();
    }

    /** The first array whose PEs are of {@code kind}. */
    public Optional<ComputeArray> arrayFor(PeKind.Kind kind) {
        return arrays.stream().filter(array -> array.pe().kind() == kind).findFirst();
    }

    public double clockGhz() {
        return clockHz / 1e9;
    }

    public double cycleSeconds() {
        return 1 / clockHz;
    }

    /**
     * The mapper walks levels by position, so the order is part of the contract: DRAM exactly
     * once and first, something on chip, and nothing shared nested inside a per-PE level.
     */
    private static void checkLevels(List<StorageLevel> levels) {
        if (levels.size() < 2 || levels.get(0).kind() != StorageKind.DRAM) {
            throw new IllegalArgumentException("levels must be DRAM followed by at least one on-chip level");
        }
        boolean insidePe = false;
        for (StorageLevel level : levels.subList(1, levels.size())) {
            if (level.kind() == StorageKind.DRAM) {
                throw new IllegalArgumentException("only the outermost level may be DRAM, not " + level.name());
            }
            if (insidePe && !level.perPe()) {
                throw new IllegalArgumentException("shared level " + level.name() + " sits inside a per-PE level");
            }
            insidePe |= level.perPe();
        }
        requireUnique(levels.stream().map(StorageLevel::name).toList(), "storage level");
    }

    private static void requireUnique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two " + what + "s are named " + name);
            }
        }
    }
}
