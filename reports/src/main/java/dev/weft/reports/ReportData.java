package dev.weft.reports;

import dev.weft.results.Comparison;
import dev.weft.results.Results;
import dev.weft.results.SeqSweep;
import dev.weft.results.SpmmPoint;
import java.util.List;

/**
 * Everything one report page draws; each part is optional and its charts appear only when it
 * is present. The parts are exactly the JSON files of a results directory (see
 * {@link ReportFiles}), so a page re-rendered from the directory is the same page.
 *
 * @param results    {@code results.json}: per-layer and total figures, or null
 * @param comparison {@code comparison.json}: attention variants side by side
 * @param sweep      {@code sweep.json}: the variants against sequence length, or null
 * @param spmm       {@code spmm.json}: sparse throughput against density
 */
public record ReportData(Results results, List<Comparison> comparison, SeqSweep sweep, List<SpmmPoint> spmm) {

    public ReportData {
        comparison = comparison == null ? List.of() : List.copyOf(comparison);
        spmm = spmm == null ? List.of() : List.copyOf(spmm);
        if (results == null && comparison.isEmpty() && sweep == null && spmm.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one of results, comparison, sweep, spmm");
        }
    }

    public static ReportData of(Results results) {
        return new ReportData(results, List.of(), null, List.of());
    }

    public ReportData withSweep(SeqSweep newSweep) {
        return new ReportData(results, comparison, newSweep, spmm);
    }

    public ReportData withSpmm(List<SpmmPoint> points) {
        return new ReportData(results, comparison, sweep, points);
    }
}
