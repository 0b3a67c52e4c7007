package dev.weft.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import dev.weft.results.Comparison;
import dev.weft.results.Results;
import dev.weft.results.SeqSweep;
import dev.weft.results.SpmmPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of a results directory and the page drawn from them. Writers add the JSON and CSV
 * files and the page in one {@link OutputDirectory} commit; {@link #read} loads a directory
 * back so {@code ./weft report --from DIR} draws the same page from the same files.
 */
public final class ReportFiles {
    public static final String RESULTS = "results.json";
    public static final String COMPARISON = "comparison.json";
    public static final String SWEEP = "sweep.json";
    public static final String SPMM = "spmm.json";
    public static final String PAGE = "report.html";

    private ReportFiles() {
    }

    /** Adds every present part's JSON and CSV, and the page, to {@code directory}. */
    public static OutputDirectory addTo(OutputDirectory directory, ReportData data) {
        if (data.results() != null) {
            directory.add(RESULTS, Json.text(data.results())).add("results.csv", ResultsCsv.render(data.results()));
        }
        if (!data.comparison().isEmpty()) {
            directory.add(COMPARISON, Json.text(data.comparison()))
                    .add("comparison.csv", RecordCsv.render(Comparison.class, data.comparison()));
        }
        if (data.sweep() != null) {
            directory.add(SWEEP, Json.text(data.sweep()))
                    .add("sweep.csv", RecordCsv.render(SeqSweep.Point.class, data.sweep().points()));
        }
        if (!data.spmm().isEmpty()) {
            directory.add(SPMM, Json.text(data.spmm())).add("spmm.csv", RecordCsv.render(SpmmPoint.class, data.spmm()));
        }
        return directory.add(PAGE, HtmlReport.render(data));
    }

    /** The report data of a results directory: whichever of the JSON files it holds. */
    public static ReportData read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WeftInputException("--from", null, dir + " is not a directory",
                    "give a directory written by estimate, simulate, compare, sweep-seq, run or demo");
        }
        Results results = readIfPresent(dir.resolve(RESULTS), Json.MAPPER.constructType(Results.class));
        if (results != null) {
            complete(results, "", dir.resolve(RESULTS).toString());
        }
        List<Comparison> comparison = readIfPresent(dir.resolve(COMPARISON),
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Comparison.class));
        SeqSweep sweep = readIfPresent(dir.resolve(SWEEP), Json.MAPPER.constructType(SeqSweep.class));
        List<SpmmPoint> spmm = readIfPresent(dir.resolve(SPMM),
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, SpmmPoint.class));
        if (results == null && comparison == null && sweep == null && spmm == null) {
            throw new WeftInputException(dir.toString(), null, "holds none of " + RESULTS + ", " + COMPARISON + ", "
                    + SWEEP + ", " + SPMM, "give a directory written by a weft command");
        }
        return new ReportData(results, comparison, sweep, spmm);
    }

    /**
     * Every value a page is drawn from must be there and finite: a key deleted or emptied by an
     * edit, or a number such as 1e999, is named here instead of failing while the page is drawn.
     * Components marked to be left out when absent ({@code JsonInclude NON_NULL}) are optional.
     */
    private static void complete(Object value, String path, String source) {
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new WeftInputException(source, path, "is not a finite number", "re-run the command that wrote it");
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                required(list.get(i), path + "[" + i + "]", source);
                complete(list.get(i), path + "[" + i + "]", source);
            }
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((key, entry) -> {
                required(entry, path + "." + key, source);
                complete(entry, path + "." + key, source);
            });
        } else if (value instanceof Record record) {
            for (java.lang.reflect.RecordComponent component : record.getClass().getRecordComponents()) {
                String field = (path.isEmpty() ? "" : path + ".") + Json.snakeCase(component.getName());
                Object part;
                try {
                    part = component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                com.fasterxml.jackson.annotation.JsonInclude optional =
                        component.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonInclude.class);
                if (optional == null) {
                    required(part, field, source);
                }
                complete(part, field, source);
            }
        }
    }

    private static void required(Object value, String field, String source) {
        if (value == null) {
            throw new WeftInputException(source, field, "has no value", "re-run the command that wrote it");
        }
    }

    private static <T> T readIfPresent(Path file, JavaType type) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            T value = Json.MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                throw new WeftInputException(file.toString(), null, "holds no value", "re-run the command that wrote it");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new WeftInputException(file.toString(), Json.field(e), Json.problem(e) + Json.where(e),
                    "re-run the command that wrote it");
        } catch (JsonProcessingException e) {
            throw new WeftInputException(file.toString(), null, "is not a valid Weft file" + Json.where(e) + ": "
                    + Json.problem(e), "re-run the command that wrote it");
        } catch (IOException e) {
            throw new WeftInputException(file.toString(), null, "cannot read: " + e.getMessage(),
                    "check the path and permissions");
        }
    }
}
