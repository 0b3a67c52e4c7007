package dev.weft.sim.scalesim;

import java.util.Locale;

/**
 * One layer's row of SCALE-Sim's three reports. Counts are words (one byte each), cycles are
 * array cycles, percentages are 0-100 as SCALE-Sim prints them.
 */
public record LayerReport(String name, long totalCycles, long stallCycles, double overallUtilPct,
                          double mappingEfficiencyPct, double computeUtilPct, Traffic ifmapSram, Traffic filterSram,
                          Traffic ofmapSram, Traffic ifmapDram, Traffic filterDram, Traffic ofmapDram) {

    /** Words moved between the first and the last cycle of one port, both included. */
    public record Traffic(long startCycle, long stopCycle, long words) {
        /** Average words per cycle over the port's active span, as SCALE-Sim divides it. */
        double wordsPerCycle() {
            return words / (double) (stopCycle - startCycle + 1);
        }
    }

    public long ifmapDramReads() {
        return ifmapDram.words();
    }

    public long filterDramReads() {
        return filterDram.words();
    }

    public long ofmapDramWrites() {
        return ofmapDram.words();
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s: %,d cycles (%,d stall), overall util %.2f%%, mapping efficiency %.2f%%, "
                        + "compute util %.2f%%, DRAM reads ifmap %,d filter %,d, writes ofmap %,d words", name, totalCycles,
                stallCycles, overallUtilPct, mappingEfficiencyPct, computeUtilPct, ifmapDram.words(), filterDram.words(),
                ofmapDram.words());
    }
}
