package dev.weft.reports;

import dev.weft.io.Json;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * CSV of a list of flat records: one column per component, snake_case headers as in the JSON
 * beside it. Numbers keep six significant digits.
 */
public final class RecordCsv {
    private RecordCsv() {
    }

    public static String render(Class<? extends Record> type, List<? extends Record> rows) {
        RecordComponent[] components = type.getRecordComponents();
        StringBuilder csv = new StringBuilder();
        csv.append(java.util.Arrays.stream(components).map(c -> Json.snakeCase(c.getName()))
                .collect(Collectors.joining(","))).append('\n');
        for (Record row : rows) {
            csv.append(java.util.Arrays.stream(components).map(c -> cell(value(c, row)))
                    .collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    private static Object value(RecordComponent component, Record row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%.6g", ((Number) value).doubleValue());
        }
        String text = value.toString();
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
