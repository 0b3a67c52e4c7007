package dev.weft.arch;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads accelerator descriptions from YAML files and from the built-in catalogue.
 *
 * <h2>Format {@code weft-arch/1}</h2>
 * <pre>{@code
 * format: weft-arch/1            # required; lets later versions keep reading old files
 * name: my-accelerator           # required
 * description: one line          # optional
 * technology: 45nm               # required: the node the energies below are quoted for
 * clock_mhz: 1000                # required, > 0
 * storage:                       # outermost first: DRAM, on-chip buffers, then PE-local registers
 *   - name: DRAM                 # names unique
 *     kind: dram                 # dram | sram | register; the first level and only the first is dram
 *     bandwidth_gb_per_s: 12.8   # or bandwidth_bytes_per_cycle; exactly one; GB/s = 1e9 bytes/s
 *     word_bits: 64
 *     read_pj_per_word: 1300     # energies >= 0
 *     write_pj_per_word: 1300
 *                                # dram may give a size; without one it is unbounded
 *   - name: GLB
 *     kind: sram
 *     size_kib: 512              # exactly one of size_bytes | size_kib | size_mib (required on chip)
 *     word_bits: 64
 *     bandwidth_bytes_per_cycle: 64
 *     read_pj_per_word: 71
 *     write_pj_per_word: 71
 *   - name: PE_REG
 *     kind: register
 *     per_pe: true               # registers only; size and bandwidth are then per PE;
 *     size_bytes: 8              #   per-PE levels come after all shared ones; the size must hold
 *                                #   what a PE keeps during a fold, a bandwidth below what one
 *                                #   action reads and writes slows the array ({@link RegisterNeed})
 *     word_bits: 8
 *     bandwidth_bytes_per_cycle: 10
 *     read_pj_per_word: 0.04
 *     write_pj_per_word: 0.04
 * compute:
 *   arrays:                      # one or more, names unique
 *     - name: mac
 *       rows: 32
 *       cols: 32
 *       pe: {kind: mac, dtype: int8}   # or {kind: xnor_popcount, word_bits: 64}
 *                                      # or {kind: sparse_nm, dtype: int8, n: 2, m: 4}
 *       dataflow: ws             # ws | os | is
 *       pj_per_op: 0.3           # one MAC, one word's XNOR-popcount, or one sparse MAC
 *   vector: {lanes: 32, dtype: fp16, pj_per_op: 0.75, pj_per_nonlinear: 6.0}
 * }</pre>
 * Unknown keys are rejected so that a misspelt optional key cannot be silently ignored. Every
 * problem is reported as a {@link WeftInputException} naming the file and the key path.
 */
public final class ArchitectureLoader {
    private static final String CATALOGUE = "/hardware/";
    // A jar's directories cannot be listed portably, so the catalogue names its files.
    private static final String INDEX = CATALOGUE + "presets.txt";
    private static final String PRESET_SOURCE_PREFIX = "preset:";

    private ArchitectureLoader() {
    }

    public static Architecture load(Path file) {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new WeftInputException(source, null, "file not found",
                    "check the path, or use a built-in preset: " + String.join(", ", presetNames()));
        }
        if (Files.isDirectory(file)) {
            throw new WeftInputException(source, null, "is a directory, not an architecture file",
                    "give the path of a .yaml file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new WeftInputException(source, null, "is not UTF-8 text", "save the file as UTF-8");
        } catch (IOException e) {
            throw new WeftInputException(source, null, "cannot read the file (" + e.getMessage() + ")",
                    "check the file's permissions");
        }
        return ArchitectureParser.parse(text, source);
    }

    /** A built-in architecture, by its catalogue name (case-insensitive). */
    public static Architecture preset(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ArchitectureParser.parse(presetText(name), PRESET_SOURCE_PREFIX + key);
    }

    /** An architecture from the text of a {@code weft-arch} file; {@code source} names it in messages. */
    public static Architecture parse(String text, String source) {
        return ArchitectureParser.parse(text, source);
    }

    /** The YAML text of a built-in preset, for tools that derive variants of it. */
    public static String presetText(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!presetNames().contains(key)) {
            throw new WeftInputException(PRESET_SOURCE_PREFIX + name, null, "unknown hardware preset",
                    "use one of " + String.join(", ", presetNames()));
        }
        return resource(CATALOGUE + key + ".yaml");
    }

    /** Whether {@code name} is a built-in preset (case-insensitive). */
    public static boolean isPreset(String name) {
        return name != null && presetNames().contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** A preset name if it is one, otherwise the path of an existing file. */
    public static Architecture resolve(String presetOrPath) {
        String text = presetOrPath == null ? "" : presetOrPath.trim();
        if (presetNames().contains(text.toLowerCase(Locale.ROOT))) {
            return preset(text);
        }
        try {
            Path file = Path.of(text);
            if (!text.isEmpty() && Files.exists(file)) {
                return load(file);
            }
        } catch (InvalidPathException e) {
            // Not a usable path either; fall through to the message that lists the presets.
        }
        throw new WeftInputException(text.isEmpty() ? "''" : text, null,
                "is neither a hardware preset nor an existing file",
                "use one of " + String.join(", ", presetNames()) + ", or the path of a weft-arch YAML file");
    }

    /** The catalogue, in the order of the index. */
    public static List<PresetInfo> presets() {
        return presetNames().stream().map(name -> {
            Architecture arch = preset(name);
            String arrays = arch.loopNest() ? (arch.cores().many() ? arch.cores().count() + " cores x " : "")
                    + arch.hierarchy().array().summary()
                    : arch.arrays().stream().map(ComputeArray::summary).collect(Collectors.joining(" + "));
            return new PresetInfo(name, arch.description(), arrays, arch.clockHz());
        }).toList();
    }

    static List<String> presetNames() {
        return Index.NAMES;
    }

    private static String resource(String name) {
        try (InputStream in = ArchitectureLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("hardware catalogue resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read once, on first use: the catalogue is part of the build and cannot change at run time. */
    private static final class Index {
        static final List<String> NAMES = resource(INDEX).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.length() - ".yaml".length()))
                .toList();
    }
}
