package dev.weft.sim;

import java.util.Locale;

/** Which engine times a job: the event-per-tile fast path, or the cycle-stepped slow path. */
public enum Engine {
    FAST, CYCLE;

    public GemmResult run(GemmJob job, ArraySpec array, MemorySpec memory) {
        return this == FAST ? FastSimulator.run(job, array, memory) : CycleSimulator.run(job, array, memory);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
