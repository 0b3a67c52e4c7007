package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a SCALE-Sim {@code .cfg} (an INI file, keys case-insensitive, {@code :} or
 * {@code =} between key and value) that the simulation needs. SRAM sizes are KiB of one-byte
 * words. {@code userBandwidth} is SCALE-Sim's {@code InterfaceBandwidth: USER}: the bandwidth is
 * then the config's, words per cycle (SCALE-Sim's word is one byte), the first of a
 * comma-separated list when several are given, as SCALE-Sim uses it; in CALC mode SCALE-Sim
 * reads 10 words a cycle and the bandwidth is that.
 */
public record ScaleSimConfig(String runName, int rows, int cols, Dataflow dataflow, long ifmapKb, long filterKb,
                             long ofmapKb, boolean userBandwidth, double bandwidthWordsPerCycle) {

    static final List<String> REQUIRED = List.of("arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb",
            "ofmapsramszkb", "dataflow");

    /** The widest array side simulated: SCALE-Sim keeps a matrix per array, and 65,536 squared PEs is beyond it. */
    static final long MAX_ARRAY_SIDE = 65_536;

    /** SCALE-Sim's read bandwidth in CALC mode, which it calls arbitrary; its ofmap drains a row of the array a cycle. */
    static final long CALC_READ_WORDS_PER_CYCLE = 10;

    public static ScaleSimConfig of(int rows, int cols, Dataflow dataflow, long ifmapKb, long filterKb, long ofmapKb,
                                    double bandwidth) {
        return new ScaleSimConfig("weft", rows, cols, dataflow, ifmapKb, filterKb, ofmapKb, true, bandwidth);
    }

    /** The DRAM bandwidth of the user's mode in whole words per cycle, as SCALE-Sim reads it. */
    long bandwidthWords() {
        return (long) bandwidthWordsPerCycle;
    }

    public static ScaleSimConfig read(Path file) {
        String source = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new WeftInputException(source, null, "cannot read: " + e.getMessage(), "give the path of a SCALE-Sim .cfg");
        }
        Map<String, String> values = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (split < 0) {
                throw new WeftInputException(source, null, "cannot read line '" + line + "'", "write key: value");
            }
            String key = line.substring(0, split).strip().toLowerCase(Locale.ROOT);
            // SCALE-Sim reads its config with Python's configparser, which refuses a repeated option
            if (values.put(key, line.substring(split + 1).strip()) != null) {
                throw new WeftInputException(source, key(key), "is given twice", "keep one '" + key(key) + "' line");
            }
        }
        for (String key : REQUIRED) {
            if (!values.containsKey(key) || values.get(key).isEmpty()) {
                throw new WeftInputException(source, key(key), "missing", "add '" + key(key) + ": VALUE' to the "
                        + "[architecture_presets] section");
            }
        }
        String mode = values.getOrDefault("interfacebandwidth", "USER");
        boolean user = mode.equals("USER");
        if (!user && !mode.equals("CALC")) {
            throw new WeftInputException(source, "InterfaceBandwidth", "is '" + mode + "'", "write USER or CALC");
        }
        Dataflow dataflow = Dataflow.parse(values.get("dataflow"), source, "Dataflow");
        long words = CALC_READ_WORDS_PER_CYCLE;
        if (user) {
            if (!values.containsKey("bandwidth") || values.get("bandwidth").isEmpty()) {
                throw new WeftInputException(source, "Bandwidth", "missing in USER bandwidth mode",
                        "add 'Bandwidth: WORDS' (words per cycle) to the [architecture_presets] section");
            }
            // SCALE-Sim takes the first of a comma-separated list, in whole words per cycle
            words = positive(Map.of("bandwidth", values.get("bandwidth").split(",")[0].strip()), "bandwidth", source);
        }
        return new ScaleSimConfig(values.getOrDefault("run_name", "scalesim_run").replace("\"", ""),
                (int) positive(values, "arrayheight", source), (int) positive(values, "arraywidth", source), dataflow,
                positive(values, "ifmapsramszkb", source), positive(values, "filtersramszkb", source),
                positive(values, "ofmapsramszkb", source), user, words);
    }

    private static long positive(Map<String, String> values, String key, String source) {
        String text = values.get(key);
        // ASCII digits only: Java would read other scripts' digits, SCALE-Sim's int() a different set
        if (!text.matches("\\+?[0-9]+")) {
            throw new WeftInputException(source, key(key), "is not a whole number: '" + text + "'",
                    "give a positive integer");
        }
        long limit = key.startsWith("array") ? MAX_ARRAY_SIDE : Integer.MAX_VALUE;
        java.math.BigInteger value = new java.math.BigInteger(text.replace("+", ""));
        if (value.signum() <= 0 || value.compareTo(java.math.BigInteger.valueOf(limit)) > 0) {
            throw new WeftInputException(source, key(key), "must be between 1 and " + limit + ", was " + text,
                    "give a positive integer of at most " + limit);
        }
        return value.longValueExact();
    }

    /** SCALE-Sim's spelling of a key, for messages. */
    private static String key(String lower) {
        return switch (lower) {
            case "arrayheight" -> "ArrayHeight";
            case "arraywidth" -> "ArrayWidth";
            case "ifmapsramszkb" -> "IfmapSramSzkB";
            case "filtersramszkb" -> "FilterSramSzkB";
            case "ofmapsramszkb" -> "OfmapSramSzkB";
            case "dataflow" -> "Dataflow";
            case "bandwidth" -> "Bandwidth";
            default -> lower;
        };
    }
}
