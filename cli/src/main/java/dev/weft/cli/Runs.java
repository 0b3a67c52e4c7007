package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.Mapper;
import dev.weft.nest.Objective;
import dev.weft.parallel.ParallelEstimate;
import dev.weft.parallel.Parallelism;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import dev.weft.workload.Workload;
import dev.weft.fusion.Fusion;
import java.nio.file.Path;

/** Builds, maps and writes one estimate: the steps estimate, compare and demo share. */
final class Runs {
    private Runs() {
    }

    /** Every operator on its own, as the backends that run operators one by one need. */
    static Estimator.Estimate estimate(Workload workload, Architecture arch, EnergyModel energy, long seed,
                                       int budget, Objective objective, Schedule replay, String replaySource,
                                       String label) {
        return estimate(workload, arch, energy, seed, budget, objective, replay, replaySource, Fusion.NONE, label);
    }

    static Estimator.Estimate estimate(Workload workload, Architecture arch, EnergyModel energy, long seed,
                                       int budget, Objective objective, Schedule replay, String replaySource,
                                       Fusion fusion, String label) {
        return estimate(workload, arch, energy, new Estimator.Options(seed,
                budget == 0 ? Mapper.DEFAULT_BUDGET : budget, replay, replaySource, objective, fusion), label);
    }

    static Estimator.Estimate estimate(Workload workload, Architecture arch, EnergyModel energy,
                                       Estimator.Options options, String label) {
        try (Progress progress = new Progress(label, workload.operators().size())) {
            return Estimator.run(workload, arch, energy, options, progress.stepper());
        } catch (ArithmeticException e) {
            // Operator counts are exact 64-bit products; a workload whose counts overflow is refused, not wrapped
            throw new WeftInputException(null, null, "the workload of " + workload.model()
                    + " is too large to count: an operator has more than 2^63 iterations",
                    "give a smaller --seq, --image, --batch or --kv");
        }
    }

    /** Writes results.json, results.csv, schedule.json and report.html, all or nothing. */
    static Path write(Estimator.Estimate estimate, Path out) {
        return write(estimate, ReportData.of(estimate.results()), out);
    }

    /** As {@link #write(Estimator.Estimate, Path)}, with further files by name. */
    static Path write(Estimator.Estimate estimate, Path out, java.util.Map<String, String> extra) {
        OutputDirectory directory = new OutputDirectory(out).add("schedule.json", ScheduleJson.write(estimate.schedule()));
        extra.forEach(directory::add);
        return ReportFiles.addTo(directory, ReportData.of(estimate.results())).commit();
    }

    /** The model split over several devices ({@link ParallelEstimate}), with a progress bar. */
    static ParallelEstimate parallel(Workload workload, Architecture arch, EnergyModel energy,
                                     Estimator.Options options, Parallelism parallelism) {
        try (Progress progress = new Progress("mapping", workload.operators().size())) {
            return ParallelEstimate.run(workload, arch, energy, options, parallelism, progress.stepper());
        } catch (ArithmeticException e) {
            throw new WeftInputException(null, null, "the workload of " + workload.model()
                    + " is too large to count: an operator has more than 2^63 iterations",
                    "give a smaller --seq, --image, --batch or --kv");
        }
    }

    /** Writes the estimate's schedule and every part of {@code report} with its page, all or nothing. */
    static Path write(Estimator.Estimate estimate, ReportData report, Path out) {
        OutputDirectory directory = new OutputDirectory(out).add("schedule.json", ScheduleJson.write(estimate.schedule()));
        return ReportFiles.addTo(directory, report).commit();
    }
}
