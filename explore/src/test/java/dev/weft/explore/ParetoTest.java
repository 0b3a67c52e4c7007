package dev.weft.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoTest {

    private static Row row(int point, double latencyS, double areaMm2) {
        return new Row(point, 0, "p" + point, "w", List.of(), true, "", latencyS, 1e6, 0, 1e6, areaMm2, 1, 1, 1, 1);
    }

    @Test
    void keepsExactlyTheNonDominatedRows() {
        List<Row> rows = List.of(row(0, 3, 1), row(1, 2, 2), row(2, 1, 3), row(3, 2.5, 2.5), row(4, 2, 2),
                row(5, 4, 0.5), Row.infeasible(6, 0, "p6", "w", List.of(), "too big", 0.1));
        // (2.5, 2.5) is dominated by (2, 2); point 4 ties point 1 and loses to its lower index; 6 is infeasible
        assertEquals(List.of(2, 1, 0, 5), Pareto.front(rows, Metric.LATENCY, Metric.AREA).stream().map(Row::point).toList());
    }

    @Test
    void throughputPerAreaIsMaximised() {
        // tokens 1: throughput per area = 1 / latency / area
        List<Row> rows = List.of(row(0, 0.25, 1), row(1, 1, 0.5), row(2, 1, 1));
        assertEquals(4.0, rows.get(0).metric(Metric.THROUGHPUT_PER_AREA), 1e-12);
        assertEquals(List.of(0, 1), Pareto.front(rows, Metric.THROUGHPUT_PER_AREA, Metric.AREA).stream().map(Row::point).toList());
    }

    @Test
    void frontOfFrontsOfPartsIsTheFrontOfTheWhole() {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(row(i, Math.round(random.nextDouble() * 50) + 1, Math.round(random.nextDouble() * 50) + 1));
        }
        List<Row> whole = Pareto.front(rows, Metric.LATENCY, Metric.AREA);
        for (int parts : new int[] {2, 3, 7}) {
            List<Row> merged = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                merged.addAll(Pareto.front(rows.subList(p * rows.size() / parts, (p + 1) * rows.size() / parts),
                        Metric.LATENCY, Metric.AREA));
            }
            assertEquals(whole, Pareto.front(merged, Metric.LATENCY, Metric.AREA), parts + " parts");
        }
    }
}
