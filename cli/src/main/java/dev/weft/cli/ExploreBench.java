package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.explore.Engine;
import dev.weft.explore.EngineProvider;
import dev.weft.explore.ExploreRun;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.LocalEngine;
import dev.weft.explore.SpecParser;
import dev.weft.arch.ArchitectureLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bench explore}: design points evaluated per second by the local engine (every core) and
 * by Spark {@code local[2]}, on the same 24-point sweep ({@code weft/bench/explore.yaml}), each
 * into a fresh directory; median of the runs after a warm-up sweep. Engine start-up is timed
 * apart from the sweep.
 */
final class ExploreBench {
    private static final String SPEC = "/weft/bench/explore.yaml";

    /** One row of the table. */
    record Row(String engine, int designPoints, int evaluations, double startupS, double sweepS,
               double pointsPerS, double evaluationsPerS) {
    }

    private ExploreBench() {
    }

    static List<Row> run(int runs, PrintWriter out) {
        ExploreSpec spec = SpecParser.parse(resource(), "bench:explore.yaml", (base, field) ->
                new SpecParser.Base(ArchitectureLoader.presetText(base), "preset:" + base));
        String format = "%-22s %8s %12s %12s %10s %16s %14s%n";
        out.printf(Locale.ROOT, format, "engine", "points", "evaluations", "startup [s]", "sweep [s]", "points/s",
                "evaluations/s");
        List<Row> rows = new ArrayList<>();
        time(spec, "local (" + Runtime.getRuntime().availableProcessors() + " threads)", LocalEngine.NAME, null, 1, runs,
                rows, out, format);
        try {
            time(spec, "spark local[2]", "spark", "local[2]", 0, runs, rows, out, format);
        } catch (WeftInputException e) {
            out.println("spark local[2]: skipped, " + e.getMessage());
        }
        out.flush();
        return rows;
    }

    private static void time(ExploreSpec spec, String label, String engine, String master, int warmups, int runs,
                             List<Row> rows, PrintWriter out, String format) {
        long start = System.nanoTime();
        try (Engine running = EngineProvider.open(engine, master)) {
            double startup = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < warmups; i++) {
                sweep(spec, running);
            }
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                seconds[i] = sweep(spec, running);
            }
            Arrays.sort(seconds);
            double median = seconds[runs / 2];
            Row row = new Row(label, spec.points().size(), (int) spec.evaluations(), startup, median,
                    spec.points().size() / median, spec.evaluations() / median);
            rows.add(row);
            out.printf(Locale.ROOT, format, row.engine(), row.designPoints(), row.evaluations(),
                    String.format(Locale.ROOT, "%.2f", row.startupS()), String.format(Locale.ROOT, "%.2f", row.sweepS()),
                    String.format(Locale.ROOT, "%.2f", row.pointsPerS()), String.format(Locale.ROOT, "%.2f", row.evaluationsPerS()));
            out.flush();
        }
    }

    /** Seconds for the whole sweep, files included, into a fresh directory. */
    private static double sweep(ExploreSpec spec, Engine engine) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("weft-bench-explore");
            long start = System.nanoTime();
            ExploreRun.run(spec, dir.resolve("out"), engine, done -> { });
            return (System.nanoTime() - start) / 1e9;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary directory does not change the figures
                }
            }
        }
    }

    private static String resource() {
        try (InputStream in = ExploreBench.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
