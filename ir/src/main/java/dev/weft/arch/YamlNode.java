package dev.weft.arch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A map in a parsed YAML tree together with its file and key path, so that every complaint
 * about a value can name exactly where it is, e.g. {@code storage[1].size_kib}.
 */
final class YamlNode {
    private static final String NUMBER_FIX = "write a plain number such as 32, without quotes or units";

    private final JsonNode node;
    private final String source;
    private final String path;

    private YamlNode(JsonNode node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    /** The document's top level, which must be a map. */
    static YamlNode root(JsonNode tree, String source) {
        return map(tree, source, "");
    }

    private static YamlNode map(JsonNode value, String source, String path) {
        if (!value.isObject()) {
            throw new WeftInputException(source, path, "expected a map of keys, got " + describe(value),
                    "write 'key: value' lines" + (path.isEmpty() ? "" : " under " + path));
        }
        return new YamlNode(value, source, path);
    }

    String source() {
        return source;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error about {@code key} in this map, or about the map itself when {@code key} is null. */
    WeftInputException problem(String key, String problem, String fix) {
        return new WeftInputException(source, key == null ? path : pathOf(key), problem, fix);
    }

    /** Rejects unknown keys: a misspelt optional key would otherwise be silently ignored. */
    void allowOnly(List<String> allowed) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw problem(key, "unknown key '" + key + "'", "allowed keys here: " + String.join(", ", allowed));
            }
        }
    }

    boolean has(String key) {
        return node.has(key);
    }

    /** Which of {@code keys} is given, when they are alternative spellings of one setting. */
    Optional<String> atMostOneOf(List<String> keys) {
        List<String> given = keys.stream().filter(node::has).toList();
        if (given.size() > 1) {
            throw problem(given.get(1), "gives both " + given.get(0) + " and " + given.get(1),
                    "keep exactly one of " + String.join(", ", keys));
        }
        return given.stream().findFirst();
    }

    YamlNode map(String key) {
        return map(required(key), source, pathOf(key));
    }

    /** A non-empty list of maps. */
    List<YamlNode> maps(String key) {
        JsonNode value = required(key);
        if (!value.isArray() || value.isEmpty()) {
            throw problem(key, "expected a non-empty list, got " + describe(value),
                    "write one '- ' entry per item under " + key);
        }
        List<YamlNode> entries = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            entries.add(map(value.get(i), source, pathOf(key) + "[" + i + "]"));
        }
        return entries;
    }

    /** A list of words, possibly empty, e.g. {@code holds: [input, weight]}. */
    List<String> texts(String key) {
        JsonNode value = required(key);
        if (!value.isArray()) {
            throw problem(key, "expected a list such as [a, b], got " + describe(value),
                    "write " + key + ": [first, second]");
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().trim().isEmpty()) {
                throw new WeftInputException(source, pathOf(key) + "[" + i + "]",
                        "expected a word, got " + describe(item), "write " + key + ": [first, second]");
            }
            words.add(item.asText().trim());
        }
        return words;
    }

    String text(String key) {
        JsonNode value = required(key);
        if (!value.isTextual() || value.asText().trim().isEmpty()) {
            throw problem(key, "expected text, got " + describe(value), "write a word such as " + key + ": example");
        }
        return value.asText().trim();
    }

    Optional<String> optionalText(String key) {
        return has(key) ? Optional.of(text(key)) : Optional.empty();
    }

    boolean flag(String key, boolean absent) {
        if (!has(key)) {
            return absent;
        }
        JsonNode value = required(key);
        if (!value.isBoolean()) {
            throw problem(key, "expected true or false, got " + describe(value), "write " + key + ": true");
        }
        return value.asBoolean();
    }

    double positive(String key) {
        double value = number(key);
        if (!(value > 0)) {
            throw problem(key, "must be greater than 0, got " + format(value), "give a positive number");
        }
        return value;
    }

    double nonNegative(String key) {
        double value = number(key);
        if (!(value >= 0)) {
            throw problem(key, "must not be negative, got " + format(value), "give 0 or a positive number");
        }
        return value;
    }

    /** Energies per action: above a millijoule one access or operation would outweigh a chip's whole budget. */
    static final double MAX_ENERGY_PJ = 1e9;

    /** An energy in pJ per action: at least 0, at most {@link #MAX_ENERGY_PJ}, so that totals stay finite. */
    double energyPj(String key) {
        double value = nonNegative(key);
        if (value > MAX_ENERGY_PJ) {
            throw problem(key, "is " + format(value) + " pJ per action, above the " + format(MAX_ENERGY_PJ)
                    + " pJ (1 mJ) Weft accepts", "give the energy in pJ, e.g. 0.3 for an int8 MAC");
        }
        return value;
    }

    long positiveLong(String key) {
        JsonNode value = required(key);
        positive(key);
        if (!value.canConvertToExactIntegral()) {
            throw problem(key, "expected a whole number, got " + describe(value), "give a whole number such as 32");
        }
        if (!value.canConvertToLong()) {
            throw problem(key, "is too large (" + describe(value) + ")", "give a smaller number");
        }
        return value.asLong();
    }

    int positiveInt(String key) {
        long value = positiveLong(key);
        if (value > Integer.MAX_VALUE) {
            throw problem(key, "is too large (" + value + ")", "give a number below " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private double number(String key) {
        JsonNode value = required(key);
        if (!value.isNumber()) {
            throw problem(key, "expected a number, got " + describe(value), NUMBER_FIX);
        }
        double number = value.asDouble();
        if (!Double.isFinite(number)) {
            throw problem(key, "must be a finite number, got " + describe(value), NUMBER_FIX);
        }
        return number;
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw problem(key, "missing required key '" + key + "'",
                    "add '" + key + ": ...'" + (path.isEmpty() ? " at the top level" : " under " + path));
        }
        if (value.isNull()) {
            throw problem(key, "has no value", "write a value after '" + key + ":'");
        }
        return value;
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return value.asText().isBlank() ? "empty text" : "text '" + value.asText() + "'";
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isArray()) {
            return value.isEmpty() ? "an empty list" : "a list";
        }
        if (value.isObject()) {
            return "a map";
        }
        if (value.isNull()) {
            return "nothing";
        }
        return value.asText();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
