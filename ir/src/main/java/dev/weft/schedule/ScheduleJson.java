package dev.weft.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
            throw new WeftInputException(source, Json.field(e), Json.problem(e),
                    "compare with a schedule.json written by weft estimate");
        } catch (JsonProcessingException e) {
            throw new WeftInputException(source, null, Json.problem(e), "compare with a schedule.json written by weft estimate");
        } catch (IllegalArgumentException e) {
            throw new WeftInputException(source, null, e.getMessage(), "correct the schedule");
        }
        if (!Schedule.FORMAT.equals(schedule.format()) && !Schedule.FORMAT_V1.equals(schedule.format())) {
            throw new WeftInputException(source, "format", schedule.format() == null ? "missing" : "is '" + schedule.format() + "'",
                    "this Weft reads \"" + Schedule.FORMAT + "\" and \"" + Schedule.FORMAT_V1 + "\"");
        }
        requireValues(schedule, source);
        requireGroups(schedule, source);
        return schedule;
    }

    /**
     * Every key a replay reads must have a value: a key deleted or left empty by an edit is named
     * here rather than failing later as a value "null".
     */
    private static void requireValues(Schedule schedule, String source) {
        for (int i = 0; i < schedule.operators().size(); i++) {
            OperatorSchedule entry = schedule.operators().get(i);
            String at = "operators[" + i + "]";
            require(entry.operator(), source, at + ".operator");
            require(entry.unit(), source, at + ".unit");
            if (entry.gemmDims() != null) {
                OperatorSchedule.GemmDims dims = entry.gemmDims();
                requireAll(dims.batch(), source, at + ".gemm_dims.batch");
                requireAll(dims.m(), source, at + ".gemm_dims.m");
                requireAll(dims.n(), source, at + ".gemm_dims.n");
                requireAll(dims.k(), source, at + ".gemm_dims.k");
            }
            requireAll(entry.dramLoopOrder() == null ? List.of() : entry.dramLoopOrder(), source, at + ".dram_loop_order");
            NestSchedule nest = entry.nest();
            if (nest == null) {
                continue;
            }
            List<NestSchedule.Spatial> spatial = nest.spatial() == null ? List.of() : nest.spatial();
            for (int j = 0; j < spatial.size(); j++) {
                require(spatial.get(j), source, at + ".nest.spatial[" + j + "]");
                require(spatial.get(j).arrayDim(), source, at + ".nest.spatial[" + j + "].array_dim");
                require(spatial.get(j).dim(), source, at + ".nest.spatial[" + j + "].dim");
            }
            List<NestSchedule.Temporal> loops = nest.loops() == null ? List.of() : nest.loops();
            for (int j = 0; j < loops.size(); j++) {
                require(loops.get(j), source, at + ".nest.loops[" + j + "]");
                require(loops.get(j).dim(), source, at + ".nest.loops[" + j + "].dim");
            }
            if (nest.keeps() != null) {
                for (Map.Entry<String, Map<String, Integer>> operand : nest.keeps().entrySet()) {
                    require(operand.getValue(), source, at + ".nest.keeps." + operand.getKey());
                    operand.getValue().forEach((memory, count) ->
                            require(count, source, at + ".nest.keeps." + operand.getKey() + "." + memory));
                }
            }
        }
    }

    private static void requireGroups(Schedule schedule, String source) {
        for (int i = 0; i < schedule.fusionGroups().size(); i++) {
            FusionGroup group = schedule.fusionGroups().get(i);
            String at = "fusion_groups[" + i + "]";
            require(group.name(), source, at + ".name");
            require(group.kind(), source, at + ".kind");
            requireAll(group.operators(), source, at + ".operators");
            requireAll(group.onChip(), source, at + ".on_chip");
        }
    }

    private static void requireAll(List<String> values, String source, String field) {
        require(values, source, field);
        for (int i = 0; i < values.size(); i++) {
            require(values.get(i), source, field + "[" + i + "]");
        }
    }

    private static void require(Object value, String source, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new WeftInputException(source, field, "has no value", "compare with a schedule.json written by weft estimate");
        }
    }
}
