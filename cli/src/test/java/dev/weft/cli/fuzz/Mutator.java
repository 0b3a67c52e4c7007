package dev.weft.cli.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a valid input: on its tree (a key deleted, retyped, negative, zero, huge,
 * NaN, fractional, duplicated, unknown, renamed, swapped, unicode) or on its text and bytes
 * (truncated, binary junk, empty, byte-order mark, CRLF, YAML aliases).
 */
final class Mutator {
    /** Which syntax the text is in: NaN, infinities and aliases are spelt differently. */
    enum Syntax { JSON, YAML }

    /** A mutated text and whether the mutation is known to make the input invalid or keep it valid. */
    record Mutant(String mutation, byte[] bytes, FuzzCase.Expect expect) {
    }

    /** Per format: which keys must be whole numbers, and whether unknown, duplicate and negative keys must be refused. */
    record Rules(Set<String> integralKeys, boolean strictKeys, boolean nonNegative, Set<String> mayBeNegative) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern RAW = Pattern.compile("['\"]?@@RAW:(.*?)@@['\"]?");
    private static final String DUP = "@@DUP@@";

    private final SplittableRandom random;

    Mutator(SplittableRandom random) {
        this.random = random;
    }

    static JsonNode parse(String text, Syntax syntax) {
        try {
            return (syntax == Syntax.JSON ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("seed input does not parse", e);
        }
    }

    static String print(JsonNode tree, Syntax syntax) {
        try {
            String text = syntax == Syntax.JSON ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : YAML.writeValueAsString(tree);
            Matcher raw = RAW.matcher(text);
            text = raw.replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            return text.replace(DUP, "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One mutation of a structured (JSON or YAML) text; most act on its tree, some on the text itself. */
    Mutant mutate(String text, Syntax syntax, Rules rules) {
        int pick = random.nextInt(100);
        if (pick < 12) {
            return textMutation(text, syntax, rules);
        }
        JsonNode tree = parse(text, syntax).deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(tree, "", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode old = slot.get();
        FuzzCase.Expect expect = FuzzCase.Expect.ANY;
        String what;
        switch (random.nextInt(14)) {
            case 0 -> {
                slot.remove();
                what = "deleted " + slot.path;
            }
            case 1 -> {
                JsonNode value = retyped(old);
                slot.set(value);
                what = "retyped " + slot.path + " to " + value;
            }
            case 2 -> {
                double v = old.isNumber() ? old.asDouble() : 1;
                JsonNode value = v == 0 ? LongNode.valueOf(-1)
                        : old.isIntegralNumber() ? LongNode.valueOf(-Math.abs(old.asLong())) : DoubleNode.valueOf(-Math.abs(v));
                slot.set(value);
                what = "negative " + slot.path + " = " + value;
                if (rules.nonNegative() && old.isNumber() && !rules.mayBeNegative().contains(slot.key())) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 3 -> {
                slot.set(old.isFloatingPointNumber() ? DoubleNode.valueOf(0.0) : LongNode.valueOf(0));
                what = "zero " + slot.path;
            }
            case 4 -> {
                JsonNode value = huge();
                slot.set(value);
                what = "huge " + slot.path + " = " + value.asText();
            }
            case 5 -> {
                String token = syntax == Syntax.JSON ? pickOf("NaN", "Infinity", "-Infinity", "1e400")
                        : pickOf(".nan", ".inf", "-.inf", ".NaN", "1e400");
                slot.set(TextNode.valueOf("@@RAW:" + token + "@@"));
                what = "non-finite " + slot.path + " = " + token;
                if (rules.strictKeys() && old.isNumber()) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 6 -> {
                double v = old.isNumber() ? old.asDouble() : 2;
                slot.set(DoubleNode.valueOf(Math.floor(v) + 0.5));
                what = "fraction " + slot.path + " = " + (Math.floor(v) + 0.5);
                if (old.isIntegralNumber() && rules.integralKeys().contains(slot.key())) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 7 -> {
                ObjectNode map = randomObject(tree);
                map.put(pickOf("colour", "unknown_key", "rows_", "Size_kib", "\u00fcber"), 1);
                what = "unknown key in " + map.toString().substring(0, Math.min(60, map.toString().length()));
                expect = rules.strictKeys() ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ANY;
            }
            case 8 -> {
                if (slot.parent instanceof ObjectNode map) {
                    JsonNode value = old.isNumber() ? LongNode.valueOf(old.asLong() + 1) : old.isTextual()
                            ? TextNode.valueOf(old.asText() + "x") : old;
                    map.set(DUP + slot.key(), value);
                    what = "duplicated key " + slot.path;
                    expect = rules.strictKeys() ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ANY;
                } else {
                    ((ArrayNode) slot.parent).add(old.deepCopy());
                    what = "duplicated list entry " + slot.path;
                }
            }
            case 9 -> {
                if (slot.parent instanceof ObjectNode map) {
                    String renamed = random.nextBoolean() ? slot.key() + "s" : slot.key().toUpperCase(java.util.Locale.ROOT);
                    slot.remove();
                    if (!renamed.equals(slot.key())) {
                        map.set(renamed, old);
                        expect = rules.strictKeys() ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ANY;
                    }
                    what = "renamed " + slot.path + " to " + renamed;
                } else {
                    slot.remove();
                    what = "deleted list entry " + slot.path;
                }
            }
            case 10 -> {
                what = swap(slot);
            }
            case 11 -> {
                String value = pickOf("\u540d\u524d", "\uD83D\uDE00", "\u202Eevil", "caf\u00e9", "\u0000",
                        "a\nb", "\\u0041", "\uFEFFx", " ");
                slot.set(TextNode.valueOf(old.isTextual() && random.nextBoolean() ? old.asText() + value : value));
                what = "unicode " + slot.path + " = " + slot.get();
            }
            case 12 -> {
                slot.set(old.isArray() || random.nextBoolean() ? JsonNodeFactory.instance.arrayNode()
                        : JsonNodeFactory.instance.objectNode());
                what = "emptied " + slot.path;
            }
            default -> {
                JsonNode value = old.isNumber() ? LongNode.valueOf(random.nextLong(-3, 70000))
                        : TextNode.valueOf(pickOf("m", "n", "k", "b", "M", "K", "x", "input", "DRAM", "GLB", "int8", "ws", "is"));
                slot.set(value);
                what = "replaced " + slot.path + " with " + value;
            }
        }
        return new Mutant(what, print(tree, syntax).getBytes(StandardCharsets.UTF_8), expect);
    }

    private Mutant textMutation(String text, Syntax syntax, Rules rules) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(8)) {
            case 0 -> {
                int at = random.nextInt(bytes.length);
                byte[] cut = java.util.Arrays.copyOf(bytes, at);
                // a JSON object cut anywhere lacks its closing brace
                return new Mutant("truncated at byte " + at, cut,
                        syntax == Syntax.JSON ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ANY);
            }
            case 1 -> {
                return new Mutant("binary junk inserted", junk(bytes), FuzzCase.Expect.ANY);
            }
            case 2 -> {
                byte[] noise = new byte[random.nextInt(300)];
                random.nextBytes(noise);
                return new Mutant("replaced by random bytes", noise, FuzzCase.Expect.ANY);
            }
            case 3 -> {
                return new Mutant("empty file", new byte[0], FuzzCase.Expect.REJECT);
            }
            case 4 -> {
                return new Mutant("CRLF line ends", text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                        FuzzCase.Expect.ACCEPT);
            }
            case 5 -> {
                byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                byte[] out = new byte[bytes.length + 3];
                System.arraycopy(bom, 0, out, 0, 3);
                System.arraycopy(bytes, 0, out, 3, bytes.length);
                return new Mutant("UTF-8 byte-order mark", out, FuzzCase.Expect.ANY);
            }
            case 6 -> {
                if (syntax == Syntax.YAML) {
                    String aliased = alias(text);
                    if (aliased != null) {
                        return new Mutant("YAML anchor and alias", aliased.getBytes(StandardCharsets.UTF_8),
                                FuzzCase.Expect.ACCEPT);
                    }
                }
                return new Mutant("whitespace-only file", " \n\t\n".getBytes(StandardCharsets.UTF_8), FuzzCase.Expect.REJECT);
            }
            default -> {
                String[] lines = text.split("\n", -1);
                int at = random.nextInt(lines.length);
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < lines.length; i++) {
                    out.append(lines[i]).append(i == lines.length - 1 ? "" : "\n");
                    if (i == at) {
                        out.append(lines[i]).append('\n');
                    }
                }
                return new Mutant("line " + (at + 1) + " repeated", out.toString().getBytes(StandardCharsets.UTF_8),
                        FuzzCase.Expect.ANY);
            }
        }
    }

    /** SCALE-Sim's line formats: an INI {@code .cfg} ({@code key: value}) and a topology CSV (a header, then rows). */
    enum LineFormat { INI, CSV }

    /**
     * One mutation of a line format. {@code integral} names the INI keys (lower case) whose
     * values must be positive whole numbers, and {@code required} those a run cannot do without;
     * for a CSV, the first {@code checkedCells} cells of a row (the name, then numbers) are read.
     */
    Mutant mutateLines(String text, LineFormat format, Set<String> integral, Set<String> required, int checkedCells) {
        if (random.nextInt(100) < 15) {
            return textMutation(text, null, null);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        return format == LineFormat.INI ? mutateIni(lines, integral, required) : mutateCsv(lines, checkedCells);
    }

    private Mutant mutateIni(List<String> lines, Set<String> integral, Set<String> required) {
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("[") && !line.startsWith("#") && line.matches("[^:=]+[:=].*")) {
                keyed.add(i);
            }
        }
        int at = keyed.get(random.nextInt(keyed.size()));
        String line = lines.get(at);
        int split = line.matches("[^:]*=.*") ? line.indexOf('=') : line.indexOf(':');
        String key = line.substring(0, split).strip();
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        FuzzCase.Expect expect = FuzzCase.Expect.ANY;
        String what;
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                String value = lower.equals("dataflow") ? pickOf("os", "ws", "is", "OS", "xs", "", "weight")
                        : lower.equals("interfacebandwidth") ? pickOf("USER", "CALC", "user", "", "AUTO")
                        : CaseGenerator.NUMBERS[random.nextInt(CaseGenerator.NUMBERS.length)];
                lines.set(at, key + ": " + value);
                what = key + " set to '" + value + "'";
                boolean bad = lower.equals("dataflow") ? !value.matches("(?i)os|ws|is")
                        : lower.equals("interfacebandwidth") ? !value.equals("USER") && !value.equals("CALC")
                        : integral.contains(lower) && !positiveWhole(lower.equals("bandwidth")
                                ? value.split(",", -1)[0] : value);
                if (bad) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 2 -> {
                lines.remove(at);
                what = key + " deleted";
                if (required.contains(lower)) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 3 -> {
                lines.add(at + 1, key + ": " + pickOf("8", "16", "os", "USER"));
                what = key + " given twice";
                // Python's configparser, which SCALE-Sim reads its config with, refuses a repeated option
                expect = FuzzCase.Expect.REJECT;
            }
            default -> {
                String renamed = pickOf(key + "s", key.toUpperCase(java.util.Locale.ROOT), key.replace("Sram", "SRAM_"),
                        "Array" + key);
                lines.set(at, renamed + line.substring(split));
                what = key + " renamed " + renamed;
                if (required.contains(lower) && !renamed.equalsIgnoreCase(key)) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
        }
        return new Mutant(what, String.join("\n", lines).getBytes(StandardCharsets.UTF_8), expect);
    }

    private Mutant mutateCsv(List<String> lines, int checkedCells) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(i);
            }
        }
        int at = rows.get(random.nextInt(rows.size()));
        List<String> cells = new ArrayList<>(List.of(lines.get(at).split(",", -1)));
        int numbered = 1 + random.nextInt(Math.max(1, cells.size() - 2));
        FuzzCase.Expect expect = FuzzCase.Expect.ANY;
        String what;
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                String value = CaseGenerator.NUMBERS[random.nextInt(CaseGenerator.NUMBERS.length)];
                cells.set(numbered, " " + value);
                what = "row " + (at + 1) + " field " + (numbered + 1) + " set to '" + value + "'";
                // a blank cell is skipped and a comma splits one, shifting the others; a cell past those read is ignored
                if (!value.isBlank() && !value.contains(",") && numbered < checkedCells && !positiveWhole(value)) {
                    expect = FuzzCase.Expect.REJECT;
                }
            }
            case 2 -> {
                cells.remove(numbered);
                what = "row " + (at + 1) + " field " + (numbered + 1) + " deleted";
            }
            case 3 -> {
                lines.add(at, lines.get(at));
                what = "row " + (at + 1) + " repeated";
            }
            default -> {
                lines.remove(random.nextBoolean() ? at : 0);
                what = "a row or the header deleted";
            }
        }
        if (what.contains("field")) {
            lines.set(at, String.join(",", cells));
        }
        return new Mutant(what, String.join("\n", lines).getBytes(StandardCharsets.UTF_8), expect);
    }

    private static boolean positiveWhole(String value) {
        String t = value.strip();
        if (!t.matches("\\+?[0-9]+")) {
            return false;
        }
        return new java.math.BigInteger(t.replace("+", "")).signum() > 0;
    }

    /** Binary mutations of a binary file (ONNX): flipped bytes, junk, cut, huge varints. */
    Mutant mutateBinary(byte[] bytes) {
        byte[] out = bytes.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return new Mutant(flips + " bytes changed", out, FuzzCase.Expect.ANY);
            }
            case 1 -> {
                int at = random.nextInt(out.length);
                return new Mutant("truncated at byte " + at, java.util.Arrays.copyOf(out, at), FuzzCase.Expect.ANY);
            }
            case 2 -> {
                return new Mutant("binary junk inserted", junk(bytes), FuzzCase.Expect.ANY);
            }
            case 3 -> {
                int at = random.nextInt(out.length);
                int len = Math.min(out.length - at, 1 + random.nextInt(10));
                for (int i = 0; i < len; i++) {
                    out[at + i] = (byte) 0xFF;
                }
                return new Mutant("0xFF run (huge lengths) at byte " + at, out, FuzzCase.Expect.ANY);
            }
            default -> {
                int at = random.nextInt(out.length);
                int len = Math.min(out.length - at, 1 + random.nextInt(64));
                java.util.Arrays.fill(out, at, at + len, (byte) 0);
                return new Mutant("zeroed " + len + " bytes at " + at, out, FuzzCase.Expect.ANY);
            }
        }
    }

    private byte[] junk(byte[] bytes) {
        byte[] noise = new byte[1 + random.nextInt(16)];
        random.nextBytes(noise);
        int at = random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + noise.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(noise, 0, out, at, noise.length);
        System.arraycopy(bytes, at, out, at + noise.length, bytes.length - at);
        return out;
    }

    /** The first number that occurs twice as a value gets an anchor, its second occurrence the alias: still valid YAML. */
    private String alias(String text) {
        Matcher values = Pattern.compile(":\\s+(-?[0-9][0-9.e+-]*)\\s*([,}\\n])").matcher(text);
        while (values.find()) {
            String value = values.group(1);
            int second = text.indexOf(": " + value + values.group(2), values.end());
            if (second > 0) {
                int valueAt = second + 2;
                return text.substring(0, values.start(1)) + "&v " + value
                        + text.substring(values.end(1), valueAt) + "*v " + text.substring(valueAt + value.length());
            }
        }
        return null;
    }

    private String swap(Slot slot) {
        if (slot.parent instanceof ObjectNode map && map.size() > 1) {
            List<String> keys = new ArrayList<>();
            map.fieldNames().forEachRemaining(keys::add);
            String other = keys.get(random.nextInt(keys.size()));
            JsonNode a = map.get(slot.key());
            JsonNode b = map.get(other);
            map.set(slot.key(), b);
            map.set(other, a);
            return "swapped " + slot.path + " and " + other;
        }
        if (slot.parent instanceof ArrayNode list && list.size() > 1) {
            int other = random.nextInt(list.size());
            JsonNode a = list.get(slot.index);
            list.set(slot.index, list.get(other));
            list.set(other, a);
            return "swapped " + slot.path + " and entry " + other;
        }
        return "nothing to swap at " + slot.path;
    }

    private JsonNode retyped(JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> options = new ArrayList<>(List.of(TextNode.valueOf("abc"), TextNode.valueOf(""),
                TextNode.valueOf("32"), BooleanNode.TRUE, NullNode.instance, f.arrayNode(),
                f.arrayNode().add(1).add(2), f.objectNode(), f.objectNode().put("a", 1), LongNode.valueOf(7)));
        options.removeIf(o -> o.equals(old));
        return options.get(random.nextInt(options.size()));
    }

    private JsonNode huge() {
        return switch (random.nextInt(9)) {
            case 0 -> LongNode.valueOf(Integer.MAX_VALUE);
            case 1 -> LongNode.valueOf(Integer.MAX_VALUE + 1L);
            case 2 -> LongNode.valueOf(Long.MAX_VALUE);
            case 3 -> BigIntegerNode.valueOf(BigInteger.TWO.pow(64));
            case 4 -> DoubleNode.valueOf(1e308);
            case 5 -> DoubleNode.valueOf(1e30);
            case 6 -> LongNode.valueOf(4294967296L);
            case 7 -> LongNode.valueOf(1L << 40);
            default -> LongNode.valueOf(1_000_000);
        };
    }

    private ObjectNode randomObject(JsonNode tree) {
        List<ObjectNode> maps = new ArrayList<>();
        collectObjects(tree, maps);
        return maps.get(random.nextInt(maps.size()));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> maps) {
        if (node instanceof ObjectNode map) {
            maps.add(map);
        }
        for (JsonNode child : node) {
            collectObjects(child, maps);
        }
    }

    private String pickOf(String... values) {
        return values[random.nextInt(values.length)];
    }

    /** A place in the tree: a key of a map or an index of a list. */
    private static final class Slot {
        final JsonNode parent;
        final String name;
        final int index;
        final String path;

        Slot(JsonNode parent, String name, int index, String path) {
            this.parent = parent;
            this.name = name;
            this.index = index;
            this.path = path;
        }

        String key() {
            return name == null ? "" : name;
        }

        JsonNode get() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void set(JsonNode value) {
            if (name != null) {
                ((ObjectNode) parent).set(name, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (name != null) {
                ((ObjectNode) parent).remove(name);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode map) {
            for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                String child = path.isEmpty() ? key : path + "." + key;
                slots.add(new Slot(map, key, -1, child));
                collect(map.get(key), child, slots);
            }
        } else if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                String child = path + "[" + i + "]";
                slots.add(new Slot(list, null, i, child));
                collect(list.get(i), child, slots);
            }
        }
    }

    /** Bytes as a person can read them in a failure report: text as is, other bytes escaped, long files cut. */
    static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        String decoded = new String(bytes, StandardCharsets.ISO_8859_1);
        int limit = Math.min(decoded.length(), 4000);
        for (int i = 0; i < limit; i++) {
            char c = decoded.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 32 && c < 127)) {
                text.append(c);
            } else {
                text.append(String.format("\\x%02x", (int) c));
            }
        }
        if (decoded.length() > limit) {
            text.append("... (").append(decoded.length() - limit).append(" more bytes)");
        }
        return text.toString();
    }
}
