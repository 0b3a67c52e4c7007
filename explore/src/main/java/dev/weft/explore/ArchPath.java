package dev.weft.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A field of an architecture file by path: keys separated by dots, a list element by its
 * {@code name} or its position, after a dot or in brackets, e.g. {@code memories.GLB.size_kib},
 * {@code array.dims[rows].size}, {@code memories.2.read_pj}, {@code clock_mhz}.
 */
public record ArchPath(String text, List<Step> steps) {
    private static final Pattern STEP = Pattern.compile("([A-Za-z0-9_-]+)((?:\\[[^\\]]+\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([^\\]]+)\\]");

    /** A key, then zero or more list selectors (a name or a position). */
    public record Step(String key, List<String> selectors) {
    }

    /** The path, or empty when {@code text} is not one. */
    public static Optional<ArchPath> parse(String text) {
        List<Step> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                return Optional.empty();
            }
            List<String> selectors = new ArrayList<>();
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                selectors.add(index.group(1).trim());
            }
            steps.add(new Step(m.group(1), selectors));
        }
        return Optional.of(new ArchPath(text, steps));
    }

    /**
     * The node that holds the field (an object) in {@code root}, or a sentence saying which part
     * of the path is missing. A key met at a list selects its element by name or position, so
     * {@code memories.GLB.size_kib} and {@code memories[GLB].size_kib} are the same field (the first
     * form needs no quotes inside a YAML flow list).
     */
    public Lookup find(JsonNode root) {
        JsonNode node = root;
        ObjectNode parent = null;
        String key = null;
        String walked = "";
        for (Step step : steps) {
            List<String> selectors = new ArrayList<>();
            if (node instanceof ArrayNode) {
                selectors.add(step.key());
            } else if (node instanceof ObjectNode object && object.has(step.key())) {
                parent = object;
                key = step.key();
                node = object.get(key);
                walked = walked.isEmpty() ? key : walked + "." + key;
            } else {
                return Lookup.missing("'" + (walked.isEmpty() ? "" : walked + ".") + step.key() + "' is not in the file"
                        + (node instanceof ObjectNode object ? " (keys there: " + String.join(", ", keys(object)) + ")" : ""));
            }
            selectors.addAll(step.selectors());
            for (String selector : selectors) {
                if (!(node instanceof ArrayNode list)) {
                    return Lookup.missing("'" + walked + "' is not a list");
                }
                JsonNode element = select(list, selector);
                if (element == null) {
                    return Lookup.missing("'" + walked + "' has no element [" + selector + "] (names there: "
                            + String.join(", ", names(list)) + ")");
                }
                node = element;
                parent = null;
                walked += "[" + selector + "]";
            }
        }
        if (parent == null) {
            return Lookup.missing("'" + text + "' ends at a list element; name one of its fields");
        }
        return Lookup.found(parent, key);
    }

    private static JsonNode select(ArrayNode list, String selector) {
        if (selector.matches("\\d+")) {
            int i = Integer.parseInt(selector);
            return i < list.size() ? list.get(i) : null;
        }
        for (JsonNode element : list) {
            if (element.path("name").isTextual() && element.get("name").asText().equals(selector)) {
                return element;
            }
        }
        return null;
    }

    private static List<String> keys(ObjectNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> names(ArrayNode list) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            names.add(list.get(i).path("name").isTextual() ? list.get(i).get("name").asText() : Integer.toString(i));
        }
        return names;
    }

    /** Where a path leads: the object and key of the field, or why it leads nowhere. */
    public record Lookup(ObjectNode parent, String key, String missing) {
        static Lookup found(ObjectNode parent, String key) {
            return new Lookup(parent, key, null);
        }

        static Lookup missing(String why) {
            return new Lookup(null, null, why);
        }

        public boolean exists() {
            return missing == null;
        }
    }
}
