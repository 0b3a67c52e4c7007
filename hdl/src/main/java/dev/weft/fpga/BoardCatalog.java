package dev.weft.fpga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The boards of fpga-boards/catalog, shipped as resources of this module. */
public final class BoardCatalog {
    static final String ROOT = "/dev/weft/fpga/catalog/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private BoardCatalog() {
    }

    public static List<Board> all() {
        return Index.BOARDS;
    }

    public static List<String> names() {
        return all().stream().map(Board::name).toList();
    }

    /** A board by name (case-insensitive), or a one-line error listing the catalog. */
    public static Board get(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return all().stream().filter(board -> board.name().equals(key)).findFirst()
                .orElseThrow(() -> new WeftInputException("--board", null, "unknown board '" + name + "'",
                        "use one of " + String.join(", ", names())));
    }

    static JsonNode readYaml(String file) {
        try (InputStream in = BoardCatalog.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("board catalog resource " + file + " is missing from the build");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("board catalog " + file + " is not valid YAML", e);
        }
    }

    static JsonNode need(JsonNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("board catalog " + file + ": missing " + field);
        }
        return value;
    }

    private static Board parse(String file) {
        JsonNode root = readYaml(file);
        if (!"weft-board/1".equals(need(root, "format", file).asText())) {
            throw new IllegalStateException("board catalog " + file + ": format must be weft-board/1");
        }
        JsonNode res = need(root, "resources", file);
        JsonNode clock = need(root, "clock", file);
        JsonNode leds = root.get("leds");
        JsonNode dram = root.get("dram");
        return new Board(need(root, "name", file).asText(), need(root, "title", file).asText(),
                need(root, "vendor", file).asText(), need(root, "family", file).asText(),
                need(root, "part", file).asText(), text(root, "device").orElse(""), text(root, "package").orElse(""),
                Board.Flow.valueOf(need(root, "flow", file).asText().toUpperCase(Locale.ROOT)),
                new Board.Resources(need(res, "lut", file).asLong(), need(res, "ff", file).asLong(),
                        need(res, "dsp", file).asLong(), need(res, "bram_kbit", file).asLong()),
                new Board.Clock(need(clock, "mhz", file).asDouble(), need(clock, "pin", file).asText(),
                        text(clock, "pin_n"), text(clock, "io_standard")),
                pin(leds, "pass"), pin(leds, "fail"),
                dram == null || dram.isNull() ? Optional.empty()
                        : Optional.of(new Board.Dram(need(dram, "kind", file).asText(), need(dram, "gb_per_s", file).asDouble())));
    }

    private static Optional<Board.Pin> pin(JsonNode leds, String name) {
        if (leds == null || leds.isNull() || leds.get(name) == null) {
            return Optional.empty();
        }
        JsonNode led = leds.get(name);
        return Optional.of(new Board.Pin(led.get("pin").asText(), led.path("active_low").asBoolean(false),
                text(led, "io_standard")));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static final class Index {
        static final List<Board> BOARDS = readIndex().stream().map(BoardCatalog::parse).toList();

        private static List<String> readIndex() {
            try (InputStream in = BoardCatalog.class.getResourceAsStream(ROOT + "index.txt")) {
                if (in == null) {
                    throw new IllegalStateException("board catalog index is missing from the build");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
