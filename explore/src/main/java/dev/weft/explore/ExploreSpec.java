package dev.weft.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep, as read from a {@code weft-explore/1} file ({@link SpecParser} documents the format).
 *
 * @param text         the spec file's text, what a resumed run is checked against and what the
 *                     Spark engine ships to its executors
 * @param baseText     the base architecture's YAML, resolved on the machine that read the spec
 * @param sramEnergy   whether SRAM access energies follow each point's capacity
 * @param points       the design points, in sampling order
 */
public record ExploreSpec(String source, String text, String base, String baseText, List<Parameter> parameters,
                          Sampling sampling, List<WorkloadCase> workloads, List<Metric> objectives,
                          Constraints constraints, long mapperSeed, int searchBudget, SramEnergy sramEnergy,
                          List<DesignPoint> points) {

    /** How the SRAM levels of the base are priced at each point. */
    public enum SramEnergy {
        /** as the file says, whatever the capacity */
        FIXED,
        /**
         * 64-bit access = 100 pJ x sqrt(capacity / 1 MiB), scaled to the word width: the square-root fit
         * to Horowitz's 8 KB, 32 KB and 1 MB figures that the systolic presets' comments derive
         * their buffer energies from
         */
        CAPACITY
    }

    public ExploreSpec {
        parameters = List.copyOf(parameters);
        workloads = List.copyOf(workloads);
        objectives = List.copyOf(objectives);
        points = List.copyOf(points);
    }

    public List<String> parameterNames() {
        return parameters.stream().map(Parameter::name).toList();
    }

    public List<String> workloadLabels() {
        return workloads.stream().map(WorkloadCase::label).toList();
    }

    /** Every pair of objectives, in the spec's order: the Pareto fronts a sweep reports. */
    public List<List<Metric>> objectivePairs() {
        List<List<Metric>> pairs = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            for (int j = i + 1; j < objectives.size(); j++) {
                pairs.add(List.of(objectives.get(i), objectives.get(j)));
            }
        }
        return pairs;
    }

    /** Evaluations the sweep makes: every point on every workload. */
    public long evaluations() {
        return (long) points.size() * workloads.size();
    }
}
