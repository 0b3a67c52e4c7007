package dev.weft.sim;

/** Where the simulator counts accesses: main memory, the on-chip SRAM, and the PEs' registers. */
public enum Level {
    DRAM, SRAM, PE;
}
