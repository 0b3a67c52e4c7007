package dev.weft.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON dialect of Weft's files: snake_case keys, indented for people to read and
 * diff, unknown keys rejected on read so a typo in an edited file is reported, not ignored.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {
    }

    /** A Java name as the JSON files spell it: {@code energyPj} becomes {@code energy_pj}. */
    public static String snakeCase(String javaName) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(javaName);
    }

    /**
     * {@code value} as the text of a Weft file. Every value Weft writes is a record, list or map
     * of plain values, so failing to serialise one is a programming error, not a user's.
     */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code " at line L, column C"} where the parser knows the position, else empty. */
    public static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    /** The parser's own words for the problem, without its echo of the source location. */
    public static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int echo = message.indexOf(" (for ");
        message = echo >= 0 ? message.substring(0, echo) : message;
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
