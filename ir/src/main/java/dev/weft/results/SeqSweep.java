package dev.weft.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One model estimated at several sequence lengths with several attention variants: what
 * {@code sweep-seq} and the demo write as {@code sweep.json}, and what the report's
 * sequence-length charts draw.
 *
 * @param baseline    the variant the others are measured against (softmax)
 * @param crossovers  where each other variant starts to win, per metric
 */
public record SeqSweep(String model, String hardware, String energyModel, String baseline, List<Point> points,
                       List<Crossover> crossovers) {

    public SeqSweep {
        points = List.copyOf(points);
        crossovers = List.copyOf(crossovers);
    }

    /** One estimate of the sweep. */
    public record Point(String attention, int seq, double latencyS, double energyPj, double energyPerTokenPj,
                        long tokens) {
    }

    /**
     * Where {@code attention} starts to beat the baseline on {@code metric}.
     *
     * @param seq  sequence length of the crossing, interpolated between the swept lengths on a
     *             log scale; the shortest length when it wins throughout, null when it never wins
     * @param kind {@code crosses}, {@code always} (wins at every swept length) or {@code never}
     */
    public record Crossover(String attention, String metric, Double seq, String kind) {
    }

    public static final String ENERGY_PER_TOKEN = "energy_per_token_pj";
    public static final String LATENCY = "latency_s";

    /** A sweep with its crossovers computed for energy per token and for latency. */
    public static SeqSweep of(String model, String hardware, String energyModel, String baseline, List<Point> points) {
        List<Crossover> crossovers = new ArrayList<>();
        points.stream().map(Point::attention).distinct().filter(a -> !a.equals(baseline)).forEach(variant -> {
            crossovers.add(crossover(points, baseline, variant, ENERGY_PER_TOKEN, Point::energyPerTokenPj));
            crossovers.add(crossover(points, baseline, variant, LATENCY, Point::latencyS));
        });
        return new SeqSweep(model, hardware, energyModel, baseline, points, crossovers);
    }

    /**
     * The first length where the variant is no worse than the baseline. Between two swept
     * lengths the crossing is interpolated linearly in log2(length), where both costs are
     * close to straight for attention (powers of the length).
     */
    static Crossover crossover(List<Point> points, String baseline, String variant, String metric,
                               ToDoubleFunction<Point> value) {
        List<double[]> pairs = new ArrayList<>();
        for (Point base : sorted(points, baseline)) {
            points.stream().filter(p -> p.attention().equals(variant) && p.seq() == base.seq()).findFirst()
                    .ifPresent(v -> pairs.add(new double[] {base.seq(), value.applyAsDouble(v) - value.applyAsDouble(base)}));
        }
        if (pairs.isEmpty()) {
            return new Crossover(variant, metric, null, "never");
        }
        if (pairs.get(0)[1] <= 0) {
            return new Crossover(variant, metric, pairs.get(0)[0], "always");
        }
        for (int i = 1; i < pairs.size(); i++) {
            double[] before = pairs.get(i - 1);
            double[] after = pairs.get(i);
            if (after[1] <= 0) {
                double x0 = log2(before[0]);
                double x1 = log2(after[0]);
                double x = x0 + (x1 - x0) * before[1] / (before[1] - after[1]);
                return new Crossover(variant, metric, Math.pow(2, x), "crosses");
            }
        }
        return new Crossover(variant, metric, null, "never");
    }

    private static List<Point> sorted(List<Point> points, String attention) {
        return points.stream().filter(p -> p.attention().equals(attention))
                .sorted(Comparator.comparingInt(Point::seq)).toList();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
