package dev.weft.arch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * Anchors and aliases ({@code read_pj: &e 1300} ... {@code write_pj: *e}) and merge keys
 * ({@code <<: *base}, or a list of mappings) are plain YAML, but Jackson's tree reader returns an
 * alias as the text of its name and a merge key as a key named {@code <<}. A document that uses
 * them is read again here from the parser's events, each alias replaced by a copy of what its
 * anchor marks and each merge key by the keys of the mappings it names, as YAML 1.1's merge type
 * has it: keys written in the mapping itself win, then the first mapping merged; plain scalars
 * are typed exactly as Jackson types them.
 */
final class YamlAliases {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE = "<<";

    private YamlAliases() {
    }

    /** The document with its aliases and merge keys resolved, or {@code null} when it has none. */
    static JsonNode resolve(String text, YAMLMapper yaml) throws JsonProcessingException {
        LoaderOptions options = new LoaderOptions();
        Yaml parser = new Yaml(options);
        boolean aliases = false;
        for (Event event : parser.parse(new StringReader(text))) {
            aliases |= event instanceof AliasEvent
                    || event instanceof ScalarEvent scalar && scalar.getValue().equals(MERGE) && scalar.isPlain();
        }
        if (!aliases) {
            return null;
        }
        Map<String, JsonNode> anchors = new HashMap<>();
        Deque<JsonNode> open = new ArrayDeque<>();
        Deque<String> openAnchors = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        JsonNode[] document = new JsonNode[1];
        for (Event event : parser.parse(new StringReader(text))) {
            JsonNode value = null;
            if (event instanceof MappingStartEvent || event instanceof SequenceStartEvent) {
                JsonNode collection = event instanceof MappingStartEvent ? NODES.objectNode() : NODES.arrayNode();
                openAnchors.push(String.valueOf(((CollectionStartEvent) event).getAnchor()));
                open.push(collection);
                keys.push("");
                continue;
            }
            if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                value = open.pop();
                keys.pop();
                String anchor = openAnchors.pop();
                if (!anchor.equals("null")) {
                    anchors.put(anchor, value);
                }
            } else if (event instanceof ScalarEvent scalar) {
                value = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? typed(scalar.getValue(), yaml)
                        : TextNode.valueOf(scalar.getValue());
                if (scalar.getAnchor() != null) {
                    anchors.put(scalar.getAnchor(), value);
                }
            } else if (event instanceof AliasEvent alias) {
                value = anchors.containsKey(alias.getAnchor()) ? anchors.get(alias.getAnchor()).deepCopy()
                        : TextNode.valueOf("*" + alias.getAnchor());
            } else {
                continue;
            }
            add(open, keys, value, document);
        }
        return document[0];
    }

    private static void add(Deque<JsonNode> open, Deque<String> keys, JsonNode value, JsonNode[] document) {
        if (open.isEmpty()) {
            document[0] = value;
        } else if (open.peek() instanceof ArrayNode list) {
            list.add(value);
        } else if (keys.peek().isEmpty()) {
            keys.pop();
            keys.push("key:" + value.asText());
        } else {
            String key = keys.pop().substring("key:".length());
            ObjectNode map = (ObjectNode) open.peek();
            if (key.equals(MERGE) && mergeable(value)) {
                merge(map, value);
            } else {
                map.set(key, value);
            }
            keys.push("");
        }
    }

    /** A mapping, or a list of mappings: what a merge key may name; anything else stays a key the parser refuses. */
    private static boolean mergeable(JsonNode value) {
        if (value instanceof ArrayNode list) {
            for (JsonNode item : list) {
                if (!item.isObject()) {
                    return false;
                }
            }
            return true;
        }
        return value.isObject();
    }

    private static void merge(ObjectNode map, JsonNode value) {
        for (JsonNode source : value.isArray() ? value : NODES.arrayNode().add(value)) {
            source.fields().forEachRemaining(field -> {
                if (!map.has(field.getKey())) {
                    map.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
    }

    /** A plain scalar as Jackson's YAML reader types it: number, boolean, null or text. */
    private static JsonNode typed(String scalar, YAMLMapper yaml) throws JsonProcessingException {
        if (scalar.isEmpty()) {
            return NODES.nullNode();
        }
        JsonNode node = yaml.readTree("v: " + scalar);
        return node != null && node.has("v") ? node.get("v") : TextNode.valueOf(scalar);
    }
}
