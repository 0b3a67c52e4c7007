package dev.weft.arch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of a {@code weft-arch/1} file into an {@link Architecture}, checking every
 * field by hand so that each complaint names the key path. The format is described on
 * {@link ArchitectureLoader}.
 */
final class ArchitectureParser {
    static final String FORMAT_V1 = "weft-arch/1";

    // Duplicate keys are a typo that YAML would otherwise resolve silently to the last value.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern YAML_MARK = Pattern.compile("\\s*in '.*', line (\\d+), column (\\d+):");

    private static final List<String> TOP_KEYS =
            List.of("format", "name", "description", "technology", "clock_mhz", "storage", "compute");
    private static final List<String> LEVEL_KEYS = List.of("name", "kind", "per_pe", "size_bytes", "size_kib",
            "size_mib", "word_bits", "bandwidth_gb_per_s", "bandwidth_bytes_per_cycle", "read_pj_per_word",
            "write_pj_per_word");
    static final List<String> SIZE_KEYS = List.of("size_bytes", "size_kib", "size_mib");
    private static final List<String> BANDWIDTH_KEYS = List.of("bandwidth_gb_per_s", "bandwidth_bytes_per_cycle");
    private static final List<String> COMPUTE_KEYS = List.of("arrays", "vector");
    private static final List<String> ARRAY_KEYS = List.of("name", "rows", "cols", "pe", "dataflow", "pj_per_op");
    private static final List<String> VECTOR_KEYS = List.of("lanes", "dtype", "pj_per_op", "pj_per_nonlinear");

    private ArchitectureParser() {
    }

    static Architecture parse(String text, String source) {
        YamlNode root = YamlNode.root(readTree(text, source), source);
        String format = root.text("format");
        if (format.equals(HierarchyParser.FORMAT_V2)) {
            return HierarchyParser.parse(root);
        }
        root.allowOnly(TOP_KEYS);
        if (!format.equals(FORMAT_V1)) {
            throw root.problem("format", "unsupported format '" + format + "'",
                    "this version of Weft reads " + HierarchyParser.FORMAT_V2 + " and " + FORMAT_V1);
        }
        String name = root.text("name");
        String description = root.optionalText("description").orElse("");
        String technology = root.text("technology");
        double clockHz = ArchitectureParser.clockHz(root);
        List<StorageLevel> levels = levels(root, clockHz);
        YamlNode compute = root.map("compute");
        compute.allowOnly(COMPUTE_KEYS);
        List<ComputeArray> arrays = arrays(compute);
        checkRegisters(root.maps("storage"), levels, arrays);
        VectorUnit vector = vector(compute.map("vector"));
        return new Architecture(name, description, source, clockHz, levels, arrays, vector, technology,
                Hierarchy.fromV1(levels, arrays));
    }

    /** Fastest clock accepted: a terahertz, beyond any digital accelerator; above it rates overflow. */
    static final double MAX_CLOCK_MHZ = 1e6;

    /** Widest access word accepted: far wider than any memory row (HBM moves 256 bits, wide SRAM rows 2048). */
    static final int MAX_WORD_BITS = 1 << 16;

    static double clockHz(YamlNode root) {
        double mhz = root.positive("clock_mhz");
        if (mhz > MAX_CLOCK_MHZ) {
            throw root.problem("clock_mhz", "is " + mhz + " MHz, above the " + MAX_CLOCK_MHZ + " MHz (1 THz) Weft accepts",
                    "give the clock in MHz, e.g. 1000 for 1 GHz");
        }
        return mhz * 1e6;
    }

    static JsonNode readTree(String text, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
            JsonNode resolved = text.indexOf('*') >= 0 || text.contains("<<") ? YamlAliases.resolve(text, YAML) : null;
            tree = resolved != null ? resolved : tree;
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new WeftInputException(source, null, "the file is empty",
                    "start from a built-in preset such as " + ArchitectureLoader.presetNames().get(0));
        }
        return tree;
    }

    /**
     * Jackson's own location is the last token it read, often a line before the mistake; the
     * YAML scanner's message carries marks ({@code in 'reader', line 3, column 2:}, each followed
     * by a source excerpt and a caret line) whose last one points at the mistake itself. The
     * excerpts are dropped so that the complaint stays on one line.
     */
    private static WeftInputException malformed(JsonProcessingException e, String source) {
        String[] lines = String.valueOf(e.getOriginalMessage()).split("\\R");
        List<String> words = new ArrayList<>();
        String where = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher mark = YAML_MARK.matcher(lines[i]);
            if (mark.matches()) {
                where = " at line " + mark.group(1) + ", column " + mark.group(2);
                i += 2;
            } else if (!lines[i].isBlank()) {
                words.add(lines[i].strip());
            }
        }
        JsonLocation at = e.getLocation();
        if (where == null && at != null) {
            where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return new WeftInputException(source, null,
                "malformed YAML" + (where == null ? "" : where) + ": " + String.join(": ", words),
                "check the YAML syntax near that line");
    }

    private static List<StorageLevel> levels(YamlNode root, double clockHz) {
        List<YamlNode> entries = root.maps("storage");
        List<StorageLevel> levels = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (YamlNode entry : entries) {
            StorageLevel level = level(entry, levels.isEmpty(), clockHz);
            String earlier = seen.putIfAbsent(level.name(), entry.path());
            if (earlier != null) {
                throw entry.problem("name", "level name '" + level.name() + "' is already used by " + earlier,
                        "give each level its own name");
            }
            if (!levels.isEmpty() && levels.get(levels.size() - 1).perPe() && !level.perPe()) {
                throw entry.problem("per_pe", "a shared level cannot sit inside a per-PE level",
                        "list shared levels before per-PE ones, or mark this one per_pe: true");
            }
            levels.add(level);
        }
        if (levels.size() < 2) {
            throw root.problem("storage", "only DRAM is listed; an accelerator needs at least one on-chip level",
                    "add a global buffer (kind: sram) after the DRAM level");
        }
        if (levels.stream().skip(1).allMatch(StorageLevel::perPe)) {
            throw root.problem("storage", "no shared on-chip level: the tiles of a weft-arch/1 machine live in a "
                    + "buffer all PEs share", "add a global buffer (kind: sram, no per_pe) after the DRAM level");
        }
        return levels;
    }

    private static StorageLevel level(YamlNode entry, boolean outermost, double clockHz) {
        entry.allowOnly(LEVEL_KEYS);
        String name = entry.text("name");
        StorageKind kind = StorageKind.parse(entry.text("kind"), entry.source(), entry.pathOf("kind"));
        if (outermost && kind != StorageKind.DRAM) {
            throw entry.problem("kind", "the first (outermost) level must be kind dram, got " + kind.label(),
                    "list the DRAM level first");
        }
        if (!outermost && kind == StorageKind.DRAM) {
            throw entry.problem("kind", "only the first level may be dram, and storage[0] already is",
                    "describe main memory once, as the first level");
        }
        boolean perPe = entry.flag("per_pe", false);
        if (perPe && kind != StorageKind.REGISTER) {
            throw entry.problem("per_pe", "only register levels can be per_pe, this one is " + kind.label(),
                    "remove per_pe or make the level kind register");
        }
        long sizeBytes = sizeBytes(entry, kind);
        int wordBits = entry.positiveInt("word_bits");
        if (wordBits > MAX_WORD_BITS || (sizeBytes < Long.MAX_VALUE / 8 && wordBits > sizeBytes * 8)) {
            throw entry.problem("word_bits", "is " + wordBits + " bits, wider than " + (wordBits > MAX_WORD_BITS
                    ? "the " + MAX_WORD_BITS + " bits Weft accepts" : "the level itself (" + sizeBytes * 8 + " bits)"),
                    "give the width of one access, e.g. 64");
        }
        return new StorageLevel(name, kind, sizeBytes, perPe, wordBits,
                bandwidthBytesPerCycle(entry, clockHz), entry.energyPj("read_pj_per_word"),
                entry.energyPj("write_pj_per_word"));
    }

    static long sizeBytes(YamlNode entry, StorageKind kind) {
        String key = entry.atMostOneOf(SIZE_KEYS).orElse(null);
        if (key == null) {
            if (kind == StorageKind.DRAM) {
                return Long.MAX_VALUE;
            }
            throw entry.problem(null, "an on-chip level needs a capacity",
                    "give exactly one of " + String.join(", ", SIZE_KEYS));
        }
        long unit = switch (key) {
            case "size_kib" -> 1L << 10;
            case "size_mib" -> 1L << 20;
            default -> 1;
        };
        long count = entry.positiveLong(key);
        if (count > Long.MAX_VALUE / unit) {
            throw entry.problem(key, "is too large (" + count + ")", "give a realistic capacity");
        }
        return count * unit;
    }

    /**
     * Every action reads and writes each per-PE level, so each must hold what a PE of every
     * array keeps during a fold ({@link RegisterNeed}); its bandwidth may fall short, which
     * slows the array instead.
     */
    static void checkRegisters(List<YamlNode> entries, List<StorageLevel> levels, List<ComputeArray> arrays) {
        for (int i = 0; i < levels.size(); i++) {
            StorageLevel level = levels.get(i);
            if (!level.perPe()) {
                continue;
            }
            for (ComputeArray array : arrays) {
                RegisterNeed need = RegisterNeed.of(array);
                if (level.sizeBytes() < need.wholeBytes()) {
                    YamlNode entry = entries.get(i);
                    String key = entry.atMostOneOf(HierarchyParser.SIZE_KEYS).orElseThrow();
                    throw entry.problem(key, level.sizeBytes() + " bytes per PE cannot hold what a PE of array '"
                            + array.name() + "' keeps during a fold: " + need.contents() + ", "
                            + need.wholeBytes() + " bytes", "give size_bytes: " + need.wholeBytes() + " or more");
                }
            }
        }
    }

    /** DRAM is usually quoted in GB/s, on-chip ports in bytes per cycle; both end up per cycle. */
    private static double bandwidthBytesPerCycle(YamlNode entry, double clockHz) {
        String key = entry.atMostOneOf(BANDWIDTH_KEYS).orElseThrow(() -> entry.problem(null,
                "missing the level's bandwidth", "give exactly one of " + String.join(", ", BANDWIDTH_KEYS)));
        double value = entry.positive(key);
        double bytesPerCycle = key.equals("bandwidth_gb_per_s") ? value * 1e9 / clockHz : value;
        if (!(bytesPerCycle * 8 > 0) || !Double.isFinite(bytesPerCycle * 8)) {
            throw entry.problem(key, "gives " + bytesPerCycle + " bytes per cycle at the clock of " + clockHz / 1e6
                    + " MHz", "give a bandwidth and clock_mhz whose ratio is a realistic number of bytes per cycle");
        }
        return bytesPerCycle;
    }

    private static List<ComputeArray> arrays(YamlNode compute) {
        List<ComputeArray> arrays = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (YamlNode entry : compute.maps("arrays")) {
            entry.allowOnly(ARRAY_KEYS);
            String name = entry.text("name");
            String earlier = seen.putIfAbsent(name, entry.path());
            if (earlier != null) {
                throw entry.problem("name", "array name '" + name + "' is already used by " + earlier,
                        "give each array its own name");
            }
            int rows = entry.positiveInt("rows");
            int cols = entry.positiveInt("cols");
            if ((long) rows * cols > Integer.MAX_VALUE) {
                throw entry.problem("rows", "rows x cols is too large (" + rows + "x" + cols + ")",
                        "give a realistic array size");
            }
            PeKind pe = pe(entry.map("pe"));
            Dataflow dataflow = Dataflow.parse(entry.text("dataflow"), entry.source(), entry.pathOf("dataflow"));
            arrays.add(new ComputeArray(name, rows, cols, pe, dataflow, entry.energyPj("pj_per_op")));
        }
        return arrays;
    }

    static PeKind pe(YamlNode pe) {
        PeKind.Kind kind = PeKind.Kind.parse(pe.text("kind"), pe.source(), pe.pathOf("kind"));
        return switch (kind) {
            case MAC -> {
                pe.allowOnly(List.of("kind", "dtype"));
                yield new PeKind.Mac(arithmeticDtype(pe));
            }
            case XNOR_POPCOUNT -> {
                pe.allowOnly(List.of("kind", "word_bits"));
                yield new PeKind.XnorPopcount(pe.positiveInt("word_bits"));
            }
            case SPARSE_NM -> {
                pe.allowOnly(List.of("kind", "dtype", "n", "m"));
                DType dtype = arithmeticDtype(pe);
                int n = pe.positiveInt("n");
                int m = pe.positiveInt("m");
                if (n >= m) {
                    throw pe.problem("n", "N:M sparsity needs N < M, got " + n + ":" + m,
                            "use e.g. n: 2, m: 4, or kind: mac for a dense array");
                }
                yield new PeKind.SparseNM(dtype, n, m);
            }
        };
    }

    private static DType arithmeticDtype(YamlNode pe) {
        DType dtype = DType.parse(pe.text("dtype"), pe.source(), pe.pathOf("dtype"));
        if (dtype == DType.BINARY) {
            throw pe.problem("dtype", "binary operands run on an XNOR-popcount PE, not a multiplier",
                    "use pe: {kind: xnor_popcount, word_bits: 64}");
        }
        return dtype;
    }

    static VectorUnit vector(YamlNode vector) {
        vector.allowOnly(VECTOR_KEYS);
        return new VectorUnit(vector.positiveInt("lanes"),
                DType.parse(vector.text("dtype"), vector.source(), vector.pathOf("dtype")),
                vector.energyPj("pj_per_op"), vector.energyPj("pj_per_nonlinear"));
    }
}
