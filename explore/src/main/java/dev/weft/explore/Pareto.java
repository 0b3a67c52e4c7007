package dev.weft.explore;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pareto fronts of feasible rows over two objectives. Rows are ordered by the first objective,
 * then the second, then point and workload, and a row is kept when it beats every row before it
 * on the second: a total order, so the front of a union equals the front of the fronts of its
 * parts, which is what lets an engine reduce partitions in any grouping and get the same rows.
 */
public final class Pareto {

    /** The front of one workload's rows over {@code x} and {@code y}, best {@code x} first. */
    public record Front(int workload, Metric x, Metric y, List<Row> rows) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Front {
            rows = List.copyOf(rows);
        }
    }

    private Pareto() {
    }

    /** The non-dominated rows of {@code rows} (all of one workload), feasible ones only. */
    public static List<Row> front(Collection<Row> rows, Metric x, Metric y) {
        List<Row> candidates = new ArrayList<>();
        for (Row row : rows) {
            if (row.feasible() && Double.isFinite(row.metric(x)) && Double.isFinite(row.metric(y))) {
                candidates.add(row);
            }
        }
        candidates.sort(Comparator.<Row>comparingDouble(r -> x.cost(r.metric(x)))
                .thenComparingDouble(r -> y.cost(r.metric(y))).thenComparingInt(Row::point)
                .thenComparingInt(Row::workload));
        List<Row> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (Row row : candidates) {
            double cost = y.cost(row.metric(y));
            if (cost < best) {
                front.add(row);
                best = cost;
            }
        }
        return front;
    }

    /** Every workload's front for every pair of the spec's objectives, workloads in spec order. */
    public static List<Front> fronts(ExploreSpec spec, Collection<Row> rows) {
        Map<Integer, List<Row>> byWorkload = new TreeMap<>();
        rows.forEach(row -> byWorkload.computeIfAbsent(row.workload(), w -> new ArrayList<>()).add(row));
        List<Front> fronts = new ArrayList<>();
        for (List<Metric> pair : spec.objectivePairs()) {
            byWorkload.forEach((workload, group) ->
                    fronts.add(new Front(workload, pair.get(0), pair.get(1), front(group, pair.get(0), pair.get(1)))));
        }
        return fronts;
    }

    /** The best feasible row of one workload on {@code metric}, ties to the lowest point; null if none. */
    public static Row best(Collection<Row> rows, Metric metric) {
        return rows.stream().filter(r -> r.feasible() && Double.isFinite(r.metric(metric)))
                .min(Comparator.<Row>comparingDouble(r -> metric.cost(r.metric(metric))).thenComparingInt(Row::point))
                .orElse(null);
    }
}
