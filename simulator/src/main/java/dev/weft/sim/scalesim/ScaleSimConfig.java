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
 * words, the bandwidth is words per cycle (SCALE-Sim's word is one byte), the first of a
 * comma-separated list when several are given, as SCALE-Sim uses it.
 */
public record ScaleSimConfig(String runName, int rows, int cols, Dataflow dataflow, long ifmapKb, long filterKb,
                             long ofmapKb, double bandwidthWordsPerCycle) {

    static final List<String> REQUIRED = List.of("arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb",
            "ofmapsramszkb", "dataflow", "bandwidth");

    public static ScaleSimConfig of(int rows, int cols, Dataflow dataflow, long ifmapKb, long filterKb, long ofmapKb,
                                    double bandwidth) {
        return new ScaleSimConfig("weft", rows, cols, dataflow, ifmapKb, filterKb, ofmapKb, bandwidth);
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
            values.put(line.substring(0, split).strip().toLowerCase(Locale.ROOT), line.substring(split + 1).strip());
        }
        for (String key : REQUIRED) {
            if (!values.containsKey(key) || values.get(key).isEmpty()) {
                throw new WeftInputException(source, key(key), "missing", "add '" + key(key) + ": VALUE' to the "
                        + "[architecture_presets] section");
            }
        }
        String mode = values.getOrDefault("interfacebandwidth", "USER");
        if (!mode.equalsIgnoreCase("USER")) {
            throw new WeftInputException(source, "InterfaceBandwidth", "is '" + mode + "'; only USER bandwidth mode is "
                    + "simulated", "set InterfaceBandwidth: USER and give Bandwidth in words per cycle");
        }
        Dataflow dataflow = Dataflow.parse(values.get("dataflow"), source, "Dataflow");
        String bandwidth = values.get("bandwidth").split(",")[0].strip();
        double words;
        try {
            words = Double.parseDouble(bandwidth);
        } catch (NumberFormatException e) {
            throw new WeftInputException(source, "Bandwidth", "is not a number: '" + bandwidth + "'", "give words per cycle");
        }
        if (!(words > 0) || Double.isInfinite(words)) {
            throw new WeftInputException(source, "Bandwidth", "must be positive, was " + bandwidth, "give words per cycle");
        }
        return new ScaleSimConfig(values.getOrDefault("run_name", "scalesim_run").replace("\"", ""),
                (int) positive(values, "arrayheight", source), (int) positive(values, "arraywidth", source), dataflow,
                positive(values, "ifmapsramszkb", source), positive(values, "filtersramszkb", source),
                positive(values, "ofmapsramszkb", source), words);
    }

    private static long positive(Map<String, String> values, String key, String source) {
        long value;
        try {
            value = Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new WeftInputException(source, key(key), "is not a whole number: '" + values.get(key) + "'",
                    "give a positive integer");
        }
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new WeftInputException(source, key(key), "must be positive, was " + value, "give a positive integer");
        }
        return value;
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
