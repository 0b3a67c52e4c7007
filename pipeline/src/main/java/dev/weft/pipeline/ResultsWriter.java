package dev.weft.pipeline;

import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import java.nio.file.Path;
import java.util.Map;

/**
 * The write stage: results.json, results.csv and report.html (and whatever else the report
 * holds: a sweep, SpMM rows), schedule.json to replay, and a command's further files, written
 * all or nothing.
 */
public final class ResultsWriter {
    private ResultsWriter() {
    }

    public static Path write(Run run, Path out) {
        return write(run.schedule(), ReportData.of(run.results()), out, Map.of());
    }

    /** @param extra further files by name, e.g. parallel.json or run.json */
    public static Path write(Schedule schedule, ReportData report, Path out, Map<String, String> extra) {
        OutputDirectory directory = new OutputDirectory(out).add("schedule.json", ScheduleJson.write(schedule));
        extra.forEach(directory::add);
        return ReportFiles.addTo(directory, report).commit();
    }
}
