package dev.weft.sim.scalesim;

import java.util.Locale;

/**
 * One layer's row of SCALE-Sim's three reports. Counts are words (one byte each), cycles are
 * array cycles, percentages are 0-100 as SCALE-Sim prints them.
 */
public record LayerReport(String name, long totalCycles, long stallCycles, double overallUtilPct,
                          double mappingEfficiencyPct, double computeUtilPct,
                          long ifmapSramReads, long filterSramReads, long ofmapSramWrites,
                          long ifmapDramStart, long ifmapDramStop, long ifmapDramReads,
                          long filterDramStart, long filterDramStop, long filterDramReads,
                          long ofmapDramStart, long ofmapDramStop, long ofmapDramWrites) {

    public String summary() {
        return String.format(Locale.ROOT, "%s: %,d cycles (%,d stall), overall util %.2f%%, mapping efficiency %.2f%%, "
                        + "compute util %.2f%%, DRAM reads ifmap %,d filter %,d, writes ofmap %,d words", name, totalCycles,
                stallCycles, overallUtilPct, mappingEfficiencyPct, computeUtilPct, ifmapDramReads, filterDramReads,
                ofmapDramWrites);
    }

    static double bandwidth(long words, long start, long stop) {
        return words == 0 ? 0 : words / (double) (stop - start + 1);
    }
}
