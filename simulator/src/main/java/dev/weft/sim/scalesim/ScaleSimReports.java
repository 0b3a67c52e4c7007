package dev.weft.sim.scalesim;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes SCALE-Sim's three reports with its headers, one row per layer, comma-space separated
 * with a trailing comma and numbers spelled as SCALE-Sim's Python spells them. The files appear all at once: they are
 * written to a sibling temporary directory that is renamed into place.
 */
public final class ScaleSimReports {
    static final String COMPUTE_HEADER = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, "
            + "Compute Util %,";
    static final String BANDWIDTH_HEADER = "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
            + "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,";
    static final String DETAIL_HEADER = "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
            + "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
            + "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
            + "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
            + "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
            + "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,";

    private ScaleSimReports() {
    }

    public static Path write(List<LayerReport> reports, Path out) {
        StringBuilder compute = new StringBuilder(COMPUTE_HEADER).append('\n');
        StringBuilder bandwidth = new StringBuilder(BANDWIDTH_HEADER).append('\n');
        StringBuilder detail = new StringBuilder(DETAIL_HEADER).append('\n');
        for (int id = 0; id < reports.size(); id++) {
            LayerReport r = reports.get(id);
            long cycles = r.totalCycles();
            row(compute, id, r.totalCycles(), r.stallCycles(), r.overallUtilPct(), r.mappingEfficiencyPct(),
                    r.computeUtilPct());
            row(bandwidth, id, PythonNumbers.divide(r.ifmapSram().words(), cycles),
                    PythonNumbers.divide(r.filterSram().words(), cycles), PythonNumbers.divide(r.ofmapSram().words(),
                            cycles), r.ifmapDram().wordsPerCycle(), r.filterDram().wordsPerCycle(),
                    r.ofmapDram().wordsPerCycle());
            detail.append(id);
            for (LayerReport.Traffic t : List.of(r.ifmapSram(), r.filterSram(), r.ofmapSram(), r.ifmapDram(),
                    r.filterDram(), r.ofmapDram())) {
                // SCALE-Sim takes its start and stop cycles from float trace matrices, its counts are integers
                detail.append(", ").append(PythonNumbers.repr(t.startCycle())).append(", ")
                        .append(PythonNumbers.repr(t.stopCycle())).append(", ").append(t.words());
            }
            detail.append(",\n");
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new WeftInputException(out.toString(), null, "already exists", "choose a new directory or remove it");
        }
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
            Files.writeString(staging.resolve("COMPUTE_REPORT.csv"), compute);
            Files.writeString(staging.resolve("BANDWIDTH_REPORT.csv"), bandwidth);
            Files.writeString(staging.resolve("DETAILED_ACCESS_REPORT.csv"), detail);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WeftInputException(out.toString(), null, "cannot write: " + e.getMessage(), "choose a writable path");
        }
        return target;
    }

    private static void row(StringBuilder into, int id, Object... values) {
        into.append(id);
        for (Object value : values) {
            into.append(", ").append(value instanceof Double d ? PythonNumbers.repr(d) : value);
        }
        into.append(",\n");
    }
}
