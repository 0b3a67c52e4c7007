package dev.weft.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.error.WeftInputException;
import java.util.List;

/**
 * The architecture of a design point: the base file's tree with each parameter's choice set at
 * its paths, then read by {@link ArchitectureLoader} like any file, so a point is validated by
 * exactly the rules a user's file is.
 */
final class Architectures {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final double HOROWITZ_1MIB_64BIT_PJ = 100;
    private static final double MIB = 1 << 20;

    private Architectures() {
    }

    static ObjectNode tree(String text, String source) {
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below, as for a file that is not a mapping
        }
        throw new WeftInputException(source, null, "is not a YAML mapping", "give a weft-arch file");
    }

    static void set(ObjectNode tree, Parameter parameter, int choice) {
        List<JsonNode> values = parameter.choices().get(choice);
        for (int i = 0; i < parameter.paths().size(); i++) {
            ArchPath.Lookup lookup = parameter.paths().get(i).find(tree);
            lookup.parent().set(lookup.key(), values.get(i));
        }
    }

    static Architecture build(ObjectNode tree, ExploreSpec.SramEnergy sram, String source) {
        if (sram == ExploreSpec.SramEnergy.CAPACITY) {
            repriceSram(tree);
        }
        String text;
        try {
            text = YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a YAML tree Weft built could not be written", e);
        }
        return ArchitectureLoader.parse(text, source);
    }

    /**
     * {@link ExploreSpec.SramEnergy#CAPACITY}: each SRAM's access energy from its size and the
     * width its energies are quoted for: {@code word_bits} in either format, else (weft-arch/2)
     * a full-width access of its first port.
     */
    private static void repriceSram(ObjectNode tree) {
        boolean v1 = tree.has("storage");
        for (JsonNode level : tree.path(v1 ? "storage" : "memories")) {
            if (!(level instanceof ObjectNode object) || !"sram".equals(level.path("kind").asText())) {
                continue;
            }
            double bytes = level.has("size_bytes") ? level.path("size_bytes").asDouble()
                    : level.has("size_kib") ? level.path("size_kib").asDouble() * 1024
                    : level.path("size_mib").asDouble() * MIB;
            double wordBits = level.has("word_bits") ? level.path("word_bits").asDouble()
                    : level.path("ports").path(0).path("bits_per_cycle").asDouble();
            if (!(bytes > 0) || !(wordBits > 0)) {
                continue; // the loader names the missing or bad field
            }
            double pj = HOROWITZ_1MIB_64BIT_PJ * Math.sqrt(bytes / MIB) * wordBits / 64;
            object.put(v1 ? "read_pj_per_word" : "read_pj", pj);
            object.put(v1 ? "write_pj_per_word" : "write_pj", pj);
        }
    }
}
