package dev.weft.explore;

import java.io.Serializable;
import java.util.List;

/**
 * One design point on one workload: what {@code rows.csv} holds a line of. Energies include
 * leakage ({@code leakagePj} of them), so that a slow design pays for the time it leaks.
 *
 * @param point    the design point's index in the spec's sampling order
 * @param workload the workload's index in the spec
 * @param values   the parameter values, in the spec's order, as written in the design label
 * @param reason   why the design is infeasible; empty when it is feasible
 */
public record Row(int point, int workload, String design, String workloadLabel, List<String> values,
                  boolean feasible, String reason, double latencyS, double dynamicPj, double leakagePj,
                  double energyPerTokenPj, double areaMm2, double powerW, long cycles, double utilization,
                  long tokens) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Row {
        values = List.copyOf(values);
    }

    /** A design that could not be built, mapped, or that breaks a constraint. */
    public static Row infeasible(int point, int workload, String design, String workloadLabel, List<String> values,
                                 String reason, double areaMm2) {
        return new Row(point, workload, design, workloadLabel, values, false, reason, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, areaMm2, Double.NaN, 0, Double.NaN, 0);
    }

    public double energyPj() {
        return dynamicPj + leakagePj;
    }

    public double metric(Metric metric) {
        return switch (metric) {
            case LATENCY -> latencyS;
            case ENERGY -> energyPj();
            case ENERGY_PER_TOKEN -> energyPerTokenPj;
            case AREA -> areaMm2;
            case EDP -> energyPj() * latencyS;
            case THROUGHPUT_PER_AREA -> tokens / latencyS / areaMm2;
        };
    }

    /** The same row marked infeasible for {@code why} (a broken constraint); its figures stay. */
    public Row breaking(String why) {
        return new Row(point, workload, design, workloadLabel, values, false, why, latencyS, dynamicPj, leakagePj,
                energyPerTokenPj, areaMm2, powerW, cycles, utilization, tokens);
    }

    /** Rows are keyed by design and workload, so that a resumed sweep finds them whatever their order. */
    public String key() {
        return design + "\u0000" + workloadLabel;
    }
}
