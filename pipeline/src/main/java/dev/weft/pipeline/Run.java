package dev.weft.pipeline;

import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.schedule.Schedule;

/**
 * What one pass of the {@link Pipeline} produced.
 *
 * @param mapping           the map stage's product: schedule, fusion plan, every operator's mapping
 * @param estimate          the analytic evaluation of the mapping
 * @param results           the chosen evaluation's results ({@code estimate} itself when it is analytic)
 * @param evaluationSeconds wall time of the evaluate stage
 */
public record Run(Estimator.Mapping mapping, Results estimate, Results results, double evaluationSeconds) {

    public Schedule schedule() {
        return mapping.schedule();
    }

    /** The same run with results a later stage has added to (measured times, packing, ...). */
    public Run withResults(Results changed) {
        return new Run(mapping, estimate, changed, evaluationSeconds);
    }
}
