package dev.weft.arch;

import java.util.Set;

/**
 * A device of identical cores (a GPU's streaming multiprocessors, a multi-core accelerator's
 * cores): the hierarchy describes one core, and the memories named in {@code shared} (the
 * outermost ones: an L2, DRAM or HBM) serve every core at once, with the size and bandwidth given
 * for the whole device. Every other memory, the array and the vector unit are each core's own.
 *
 * @param count  identical cores, 1 for a single-array accelerator
 * @param shared names of the memories one instance of which serves all cores
 */
public record Cores(int count, Set<String> shared) {
    /** Cores a device may have: beyond any GPU or accelerator built (an H100 has 132 SMs). */
    public static final int MAX_CORES = 1 << 16;

    public Cores {
        shared = Set.copyOf(shared);
        if (count < 1 || count > MAX_CORES) {
            throw new IllegalArgumentException("a device has 1 to " + MAX_CORES + " cores, not " + count);
        }
    }

    /** A machine whose array is the whole device. */
    public static Cores single() {
        return new Cores(1, Set.of());
    }

    public boolean many() {
        return count > 1;
    }

    /** Whether {@code memory} is one instance for the whole device rather than one per core. */
    public boolean sharedBy(Memory memory) {
        return !many() || shared.contains(memory.name());
    }
}
