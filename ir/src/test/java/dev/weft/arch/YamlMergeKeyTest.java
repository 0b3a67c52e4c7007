package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML merge keys ({@code <<: *base}) in architecture files, as YAML 1.1 defines them. */
class YamlMergeKeyTest {
    @TempDir
    Path dir;

    private static final String GLB = "  - name: GLB\n    kind: sram\n    size_kib: 512\n    word_bits: 64\n"
            + "    bandwidth_bytes_per_cycle: 288\n    read_pj_per_word: 71\n    write_pj_per_word: 71\n";

    private Architecture load(String text) throws IOException {
        Path file = dir.resolve("a" + text.hashCode() + ".yaml");
        Files.writeString(file, text);
        return ArchitectureLoader.load(file);
    }

    /** The systolic preset as weft-arch/1 wrote it: merge keys work in either format, this one has the most keys. */
    private static String preset() throws IOException {
        try (InputStream in = YamlMergeKeyTest.class.getResourceAsStream("/arch-v1/systolic-32x32-int8.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void mergedKeysReadAsIfWrittenOut() throws IOException {
        String text = preset();
        assertTrue(text.contains(GLB));
        Architecture plain = load(text);
        // an anchored mapping merged where it is written and again through an alias, where the
        // level's own keys win over the merged ones
        String aliased = text.replace(GLB, "  - <<: &sram64 {word_bits: 64, read_pj_per_word: 71, write_pj_per_word: 71}\n"
                + "    name: GLB\n    kind: sram\n    size_kib: 512\n    bandwidth_bytes_per_cycle: 288\n")
                .replace("    size_bytes: 8\n    word_bits: 8\n", "    size_bytes: 8\n    <<: *sram64\n    word_bits: 8\n")
                .replace("    read_pj_per_word: 0.04\n    write_pj_per_word: 0.04\n",
                        "    write_pj_per_word: 0.04\n    read_pj_per_word: 0.04\n");
        assertEquals(plain.levels(), load(aliased).levels());
        // a list of inline mappings: the first one merged wins
        String listed = text.replace(GLB, "  - <<: [{word_bits: 64, read_pj_per_word: 71}, {word_bits: 8, "
                + "write_pj_per_word: 71}]\n    name: GLB\n    kind: sram\n    size_kib: 512\n"
                + "    bandwidth_bytes_per_cycle: 288\n");
        assertEquals(plain.levels(), load(listed).levels());
    }

    @Test
    void aMergeOfAScalarIsRefusedInOneLine() throws IOException {
        String text = preset().replace("    size_kib: 512\n", "    size_kib: 512\n    <<: 7\n");
        WeftInputException e = assertThrows(WeftInputException.class, () -> load(text));
        assertTrue(e.getMessage().contains("<<") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
