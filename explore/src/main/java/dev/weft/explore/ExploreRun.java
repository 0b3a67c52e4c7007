package dev.weft.explore;

import dev.weft.error.WeftInputException;
import dev.weft.reports.OutputDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A sweep from spec to output directory: skip what the directory already holds, evaluate the
 * rest on an engine while appending each row to {@code rows.partial.csv} (so an interrupted run
 * resumes where it stopped, and the name says the file is incomplete), then write the finished
 * files together: {@code rows.csv}, {@code pareto.csv}, {@code best.csv}, {@code report.html} and
 * the spec itself, and remove the partial file.
 */
public final class ExploreRun {
    public static final String SPEC = "spec.yaml";
    public static final String ROWS = "rows.csv";
    public static final String PARTIAL = "rows.partial.csv";
    public static final String PARETO = "pareto.csv";
    public static final String BEST = "best.csv";
    public static final String REPORT = "report.html";

    /** What a run did: rows evaluated now, rows found from before, the fronts, the columnar file if any. */
    public record Summary(int evaluated, int resumed, double seconds, List<Row> rows, List<Pareto.Front> fronts,
                          Optional<String> columnar) {
    }

    private ExploreRun() {
    }

    /** Evaluations still to do in {@code out} for {@code spec}; refuses a directory holding another spec's sweep. */
    public static int pending(ExploreSpec spec, Path out) {
        return spec.points().size() * spec.workloads().size() - previous(spec, out).size();
    }

    /**
     * @param progress told the number of evaluations finished in this run after each one
     */
    public static Summary run(ExploreSpec spec, Path out, Engine engine, IntConsumer progress) {
        Map<String, Row> rows = previous(spec, out);
        int resumed = rows.size();
        List<Engine.Task> tasks = new ArrayList<>();
        for (DesignPoint point : spec.points()) {
            for (int w = 0; w < spec.workloads().size(); w++) {
                if (!rows.containsKey(point.label(spec.parameters()) + "\u0000" + spec.workloads().get(w).label())) {
                    tasks.add(new Engine.Task(point, w));
                }
            }
        }
        long start = System.nanoTime();
        if (!tasks.isEmpty()) {
            Path partial = out.resolve(PARTIAL);
            try {
                Files.createDirectories(out);
                Files.writeString(out.resolve(SPEC), spec.text(), StandardCharsets.UTF_8);
                boolean fresh = !Files.exists(partial);
                try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    if (fresh) {
                        writer.write(RowCsv.header(spec.parameterNames()) + "\n");
                    }
                    int[] done = {0};
                    engine.evaluate(spec, tasks, row -> {
                        rows.put(row.key(), row);
                        try {
                            writer.write(RowCsv.line(row) + "\n");
                            writer.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        progress.accept(++done[0]);
                    });
                }
            } catch (IOException | UncheckedIOException e) {
                throw new WeftInputException("--out", null, "cannot write " + partial + ": " + e.getMessage(),
                        "choose a writable directory");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingInt(Row::point).thenComparingInt(Row::workload));
        List<Pareto.Front> fronts = engine.fronts(spec, sorted);
        Path dir = new OutputDirectory(out).add(SPEC, spec.text()).add(ROWS, rowsCsv(spec, sorted))
                .add(PARETO, paretoCsv(spec, fronts)).add(BEST, bestCsv(spec, sorted))
                .add(REPORT, ExploreReport.render(spec, sorted, fronts)).commit();
        Optional<String> columnar = engine.writeColumnar(spec, sorted, dir);
        try {
            Files.deleteIfExists(dir.resolve(PARTIAL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(tasks.size(), resumed, seconds, sorted, fronts, columnar);
    }

    /** Rows already in {@code out} (finished or partial) for this spec, keyed by design and workload. */
    private static Map<String, Row> previous(ExploreSpec spec, Path out) {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (!Files.isDirectory(out)) {
            return rows;
        }
        Path specCopy = out.resolve(SPEC);
        try {
            if (Files.exists(specCopy) && !Files.readString(specCopy).equals(spec.text())) {
                throw new WeftInputException("--out", null, out + " holds a sweep of another spec (its " + SPEC
                        + " differs)", "give a new --out, or delete " + out + " to start over");
            }
            for (String name : List.of(ROWS, PARTIAL)) {
                Path file = out.resolve(name);
                if (!Files.exists(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 1; i < lines.size(); i++) {
                    if (lines.get(i).isEmpty()) {
                        continue;
                    }
                    Row row = RowCsv.parse(lines.get(i), spec.workloadLabels(), spec.parameters().size(),
                            file.toString(), i + 1);
                    if (row.workload() >= 0) {
                        rows.put(row.key(), row);
                    }
                }
            }
        } catch (IOException e) {
            throw new WeftInputException("--out", null, "cannot read " + out + ": " + e.getMessage(),
                    "check the directory's permissions");
        }
        return rows;
    }

    static String rowsCsv(ExploreSpec spec, List<Row> rows) {
        StringBuilder csv = new StringBuilder(RowCsv.header(spec.parameterNames())).append('\n');
        rows.forEach(row -> csv.append(RowCsv.line(row)).append('\n'));
        return csv.toString();
    }

    static String paretoCsv(ExploreSpec spec, List<Pareto.Front> fronts) {
        StringBuilder csv = new StringBuilder("workload,x,y,point,design,x_value,y_value\n");
        for (Pareto.Front front : fronts) {
            for (Row row : front.rows()) {
                csv.append(String.join(",", RowCsv.quote(spec.workloads().get(front.workload()).label()),
                        front.x().column(), front.y().column(), Integer.toString(row.point()), RowCsv.quote(row.design()),
                        Double.toString(row.metric(front.x())), Double.toString(row.metric(front.y())))).append('\n');
            }
        }
        return csv.toString();
    }

    static String bestCsv(ExploreSpec spec, List<Row> rows) {
        StringBuilder csv = new StringBuilder("workload,objective,point,design,value\n");
        for (int w = 0; w < spec.workloads().size(); w++) {
            int workload = w;
            List<Row> group = rows.stream().filter(r -> r.workload() == workload).toList();
            for (Metric metric : spec.objectives()) {
                Row best = Pareto.best(group, metric);
                if (best != null) {
                    csv.append(String.join(",", RowCsv.quote(spec.workloads().get(w).label()), metric.column(),
                            Integer.toString(best.point()), RowCsv.quote(best.design()),
                            Double.toString(best.metric(metric)))).append('\n');
                }
            }
        }
        return csv.toString();
    }
}
