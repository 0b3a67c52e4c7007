package dev.weft.explore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which design points of the parameter space a sweep evaluates: all of them ({@code grid}, the
 * last parameter varying fastest), or {@code points} of them drawn with {@code seed}, uniformly
 * ({@code random}) or one per stratum of every parameter ({@code latin_hypercube}). Drawn points
 * that repeat an earlier one are dropped, so a sample may hold fewer than {@code points}.
 */
public record Sampling(Method method, int points, long seed) {

    public enum Method {
        GRID, RANDOM, LATIN_HYPERCUBE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Sampling GRID = new Sampling(Method.GRID, 0, 0);

    /** Above this many grid points a sweep is refused: sample it instead. */
    public static final long MAX_POINTS = 1_000_000;

    public static long gridSize(List<Parameter> parameters) {
        long size = 1;
        for (Parameter p : parameters) {
            size = Math.multiplyExact(size, p.choices().size());
        }
        return size;
    }

    public List<DesignPoint> points(List<Parameter> parameters) {
        List<List<Integer>> choices = switch (method) {
            case GRID -> grid(parameters);
            case RANDOM -> random(parameters);
            case LATIN_HYPERCUBE -> latinHypercube(parameters);
        };
        List<DesignPoint> points = new ArrayList<>();
        for (List<Integer> choice : new LinkedHashSet<>(choices)) {
            points.add(new DesignPoint(points.size(), choice));
        }
        return points;
    }

    private static List<List<Integer>> grid(List<Parameter> parameters) {
        List<List<Integer>> all = new ArrayList<>();
        all.add(List.of());
        for (Parameter p : parameters) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : all) {
                for (int i = 0; i < p.choices().size(); i++) {
                    List<Integer> extended = new ArrayList<>(prefix);
                    extended.add(i);
                    next.add(extended);
                }
            }
            all = next;
        }
        return all;
    }

    private List<List<Integer>> random(List<Parameter> parameters) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Integer>> drawn = new ArrayList<>();
        for (int n = 0; n < points; n++) {
            List<Integer> choice = new ArrayList<>();
            parameters.forEach(p -> choice.add(rng.nextInt(p.choices().size())));
            drawn.add(choice);
        }
        return drawn;
    }

    /** Each parameter's range cut into {@code points} strata, each stratum used once, in a shuffled order per parameter. */
    private List<List<Integer>> latinHypercube(List<Parameter> parameters) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] index = new int[parameters.size()][points];
        for (int p = 0; p < parameters.size(); p++) {
            int size = parameters.get(p).choices().size();
            int[] order = new int[points];
            for (int i = 0; i < points; i++) {
                order[i] = i;
            }
            for (int i = points - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int n = 0; n < points; n++) {
                double u = (order[n] + rng.nextDouble()) / points;
                index[p][n] = Math.min(size - 1, (int) (u * size));
            }
        }
        List<List<Integer>> drawn = new ArrayList<>();
        for (int n = 0; n < points; n++) {
            List<Integer> choice = new ArrayList<>();
            for (int p = 0; p < parameters.size(); p++) {
                choice.add(index[p][n]);
            }
            drawn.add(choice);
        }
        return drawn;
    }
}
