package dev.weft.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one JSON dialect of Weft's files: snake_case keys, indented for people to read and
 * diff, unknown and duplicate keys rejected on read so a typo in an edited file is reported,
 * not ignored, and a fraction where a whole number belongs refused rather than truncated.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

    /** Where in the document a mapping problem is, as the file spells it: {@code operators[0].problem.m}. */
    public static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * The problem in the user's words: what was expected and what was found, never the parser's
     * Java types or feature names.
     */
    public static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return "unknown key '" + unknown.getPropertyName() + "'" + (known == null || known.isEmpty() ? ""
                    : " (keys here: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause();
            return cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage()
                    : "a required value is missing";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String expected = expected(mismatch.getTargetType());
            JsonToken found = mismatch.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
            if (found == null || found == JsonToken.VALUE_NULL || e.getOriginalMessage().contains("`null`")) {
                return "has no value, expected " + expected;
            }
            return "expected " + expected + ", found " + found(found);
        }
        if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
            return "the number is out of range";
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Non-standard token") || message.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not numbers JSON allows";
        }
        if (message.startsWith("Duplicate field")) {
            return "key" + message.substring("Duplicate field".length()) + " appears twice";
        }
        String kinds = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
        message = message.replace("a valid value " + kinds, "a value").replace(kinds, "a JSON value")
                .replace("Unrecognized token", "unknown word").replace("Unrecognized character escape", "unknown escape");
        int marker = message.indexOf(" (start marker at");
        message = marker >= 0 ? message.substring(0, marker) : message;
        int echo = message.indexOf(" (for ");
        message = echo >= 0 ? message.substring(0, echo) : message;
        int newline = message.indexOf('\n');
        message = newline >= 0 ? message.substring(0, newline) : message;
        int hint = message.indexOf(": enable ");
        message = hint >= 0 ? message.substring(0, hint) : message;
        return message.replace('`', '\'');
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a map of keys" : "another value";
    }

    private static String found(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a map";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            default -> "something else";
        };
    }
}
