package dev.weft.pipeline;

import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.parallel.ParallelEstimate;
import dev.weft.parallel.Parallelism;
import dev.weft.results.Results;
import dev.weft.workload.Workload;

/**
 * The stages every command runs, assembled once: the workload (built by {@link Workloads}) is
 * mapped or replayed ({@link Estimator#map}), evaluated analytically ({@link Estimator#analytic})
 * and then by the chosen {@link Evaluation}, and the results written by {@link ResultsWriter}.
 * Commands choose the stages' settings and what they print; none of them repeats a stage.
 *
 * @param mapping    the search's seed, budget and objective, or the schedule to replay, and what may fuse
 * @param evaluation analytic or simulated; checked against {@code arch} when the pipeline is built
 */
public record Pipeline(Architecture arch, EnergyModel energy, Estimator.Options mapping, Evaluation evaluation,
                       Progress progress) {

    public Pipeline {
        evaluation.check(arch);
    }

    /** The analytic pipeline without progress bars: sweeps, explorations, benchmarks, tests. */
    public static Pipeline analytic(Architecture arch, EnergyModel energy, Estimator.Options mapping) {
        return new Pipeline(arch, energy, mapping, Evaluation.ANALYTIC, Progress.NONE);
    }

    public Pipeline withProgress(Progress shown) {
        return new Pipeline(arch, energy, mapping, evaluation, shown);
    }

    /** Maps and evaluates {@code workload}; {@code task} names the mapping's progress bar. */
    public Run run(Workload workload, String task) {
        try {
            Estimator.Mapping mapped;
            try (Progress.Bar bar = progress.open(task, workload.operators().size())) {
                mapped = Estimator.map(workload, arch, mapping, bar);
            }
            Results estimate = Estimator.analytic(mapped, energy);
            long start = System.nanoTime();
            Results results = evaluation.evaluate(mapped, estimate, energy, progress);
            return new Run(mapped, estimate, results, (System.nanoTime() - start) / 1e9);
        } catch (ArithmeticException e) {
            throw tooLarge(workload);
        }
    }

    public Run run(Workload workload) {
        return run(workload, "mapping");
    }

    /** The model split over several devices: each device's share mapped and evaluated analytically. */
    public ParallelEstimate parallel(Workload workload, Parallelism split) {
        if (!(evaluation instanceof Evaluation.Analytic)) {
            throw new IllegalStateException("a model split over devices is evaluated analytically only");
        }
        try (Progress.Bar bar = progress.open("mapping", workload.operators().size())) {
            return ParallelEstimate.run(workload, arch, energy, mapping, split, bar);
        } catch (ArithmeticException e) {
            throw tooLarge(workload);
        }
    }

    /** Operator counts are exact 64-bit products; a workload whose counts overflow is refused, not wrapped. */
    private static WeftInputException tooLarge(Workload workload) {
        return new WeftInputException(null, null, "the workload of " + workload.model()
                + " is too large to count: an operator has more than 2^63 iterations",
                "give a smaller --seq, --image, --batch or --kv");
    }
}
