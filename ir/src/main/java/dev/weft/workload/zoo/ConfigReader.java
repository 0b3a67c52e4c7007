package dev.weft.workload.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.List;

/** Typed, validated access to a model's config.json; every error names the file and field. */
public final class ConfigReader {
    private final String source;
    private final JsonNode root;

    public ConfigReader(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    public String source() {
        return source;
    }

    /** A copy with {@code field} set to {@code value}: what-if studies such as a longer context. */
    public ConfigReader with(String field, int value) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = root.deepCopy();
        copy.put(field, value);
        return new ConfigReader(source + " (" + field + " = " + value + ")", copy);
    }

    public boolean has(String field) {
        return root.hasNonNull(field);
    }

    public String string(String field) {
        JsonNode node = required(field);
        if (!node.isTextual()) {
            throw wrongType(field, "a string");
        }
        return node.asText();
    }

    public int positiveInt(String field) {
        JsonNode node = required(field);
        if (!node.isIntegralNumber() || node.asLong() <= 0 || node.asLong() > Integer.MAX_VALUE) {
            throw wrongType(field, "a positive integer");
        }
        return node.asInt();
    }

    public int positiveInt(String field, int fallback) {
        return has(field) ? positiveInt(field) : fallback;
    }

    public double positiveNumber(String field, double fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode node = root.get(field);
        if (!node.isNumber() || !(node.asDouble() > 0)) {
            throw wrongType(field, "a positive number");
        }
        return node.asDouble();
    }

    /**
     * A positive number that a config may switch off with {@code null} (0 then), and that
     * takes {@code absent} when the field is missing, as transformers' defaults do.
     */
    public double positiveNumberOrNull(String field, double absent) {
        if (!root.has(field)) {
            return absent;
        }
        return root.get(field).isNull() ? 0 : positiveNumber(field, absent);
    }

    /** {@link #positiveNumberOrNull} for an integer. */
    public int positiveIntOrNull(String field, int absent) {
        if (!root.has(field)) {
            return absent;
        }
        return root.get(field).isNull() ? 0 : positiveInt(field);
    }

    public boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return node.asBoolean();
    }

    /** A list of positive integers, e.g. Swin's {@code depths}. */
    public List<Integer> positiveInts(String field) {
        JsonNode node = required(field);
        if (!node.isArray() || node.isEmpty()) {
            throw wrongType(field, "a non-empty list of positive integers");
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || item.asLong() <= 0) {
                throw new WeftInputException(source, field + "[" + i + "]", "must be a positive integer, found " + item,
                        "correct the value in the config file");
            }
            values.add(item.asInt());
        }
        return values;
    }

    /** A list of positive integers that must have {@code length} entries (one per stage). */
    public List<Integer> positiveInts(String field, int length) {
        List<Integer> values = positiveInts(field);
        if (values.size() != length) {
            throw new WeftInputException(source, field, "has " + values.size() + " entries, expected " + length,
                    "give one value per stage");
        }
        return values;
    }

    /** Layer indices such as Qwen-MoE's {@code mlp_only_layers}: non-negative integers, possibly none. */
    public List<Integer> indices(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode node = root.get(field);
        if (!node.isArray()) {
            throw wrongType(field, "a list of layer indices");
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isIntegralNumber() || item.asLong() < 0 || item.asLong() > Integer.MAX_VALUE) {
                throw new WeftInputException(source, field + "[" + i + "]", "must be a layer index, found " + item,
                        "correct the value in the config file");
            }
            values.add(item.asInt());
        }
        return values;
    }

    /** A list of {@code length} strings, e.g. Gemma 2's {@code layer_types}, one per layer. */
    public List<String> strings(String field, int length) {
        JsonNode node = required(field);
        if (!node.isArray() || node.size() != length) {
            throw wrongType(field, "a list of " + length + " strings (one per layer)");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new WeftInputException(source, field + "[" + i + "]", "must be a string, found " + node.get(i),
                        "correct the value in the config file");
            }
            values.add(node.get(i).asText());
        }
        return values;
    }

    /**
     * Refuses up front a count (or the sum of a list of counts) above {@code limit}: a size Weft
     * could not build and map in reasonable time and memory, most likely a typo.
     */
    public void atMost(String field, long limit, String what) {
        JsonNode node = root.get(field);
        if (node == null) {
            return;
        }
        double total = 0;
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            total += item.isNumber() ? item.asDouble() : 0;
        }
        if (total > limit) {
            throw new WeftInputException(source, field, "asks for " + (node.isArray() ? "a total of " : "")
                    + String.format(java.util.Locale.ROOT, "%.0f", total) + " " + what + "; Weft builds at most " + limit,
                    "give at most " + limit + " " + what);
        }
    }

    private JsonNode required(String field) {
        if (!root.hasNonNull(field)) {
            throw new WeftInputException(source, field, "missing", "add \"" + field + "\" to the config file");
        }
        return root.get(field);
    }

    private WeftInputException wrongType(String field, String expected) {
        return new WeftInputException(source, field, "must be " + expected + ", found " + root.get(field),
                "correct the value in the config file");
    }
}
