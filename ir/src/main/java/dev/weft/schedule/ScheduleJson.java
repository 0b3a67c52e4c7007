package dev.weft.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads and writes {@code schedule.json}. */
public final class ScheduleJson {
    private ScheduleJson() {
    }

    public static String write(Schedule schedule) {
        return Json.text(schedule);
    }

    public static Schedule read(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new WeftInputException(source, null, "no such schedule file", "give the path of a schedule.json");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new WeftInputException(source, null, "malformed JSON" + Json.where(e) + ": " + Json.problem(e),
                    "check the JSON syntax near that line");
        } catch (IOException e) {
            throw new WeftInputException(source, null, "cannot read: " + e.getMessage(), "check the path");
        }
        Schedule schedule;
        try {
            schedule = Json.MAPPER.treeToValue(tree, Schedule.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new WeftInputException(source, field, "cannot be read: " + Json.problem(e),
                    "compare with a schedule.json written by weft estimate");
        } catch (JsonProcessingException e) {
            throw new WeftInputException(source, null, Json.problem(e), "compare with a schedule.json written by weft estimate");
        } catch (IllegalArgumentException e) {
            throw new WeftInputException(source, null, e.getMessage(), "correct the schedule");
        }
        if (!Schedule.FORMAT.equals(schedule.format()) && !Schedule.FORMAT_V1.equals(schedule.format())) {
            throw new WeftInputException(source, "format", "is '" + schedule.format() + "'",
                    "this Weft reads \"" + Schedule.FORMAT + "\" and \"" + Schedule.FORMAT_V1 + "\"");
        }
        return schedule;
    }
}
