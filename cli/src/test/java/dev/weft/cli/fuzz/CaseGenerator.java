package dev.weft.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Generates fuzz cases from a seed: mutations of every input format Weft reads (architecture
 * YAML in both formats, schedule.json in both formats, model config.json, ONNX, results.json
 * for {@code report --from}, SCALE-Sim's {@code .cfg} and topology CSV) and of command-line
 * values. {@code -Dweft.fuzz.only=PREFIX} generates only the formats whose name starts so.
 */
final class CaseGenerator {
    static final String ARCH = "arch.yaml";
    private static final Mutator.Rules ARCH_RULES = new Mutator.Rules(Set.of("word_bits", "rows", "cols", "n", "m",
            "lanes", "psum", "size", "size_bits", "size_bytes", "input", "weight", "output"), true, true, Set.of());
    private static final Mutator.Rules SCHEDULE_RULES = new Mutator.Rules(Set.of("m", "n", "k", "batch", "seed",
            "factor"), true, true, Set.of("seed"));
    private static final Mutator.Rules CONFIG_RULES = new Mutator.Rules(Set.of("hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size"), false, false, Set.of());
    // results.json has maps keyed by component and level names, so an added key is not necessarily wrong
    private static final Mutator.Rules RESULTS_RULES = new Mutator.Rules(Set.of("cycles", "params"),
            false, false, Set.of());

    static final String[] NUMBERS = {"8", "1", "0", "-1", "", " ", "2147483647", "2147483648", "-2147483648",
            "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e3", "8.0", "8.5", "NaN",
            "Infinity", "abc", "\uFF18", "+8", "0x10", "1_000", "8,8", "\u0663", "16", "4096", "65536"};
    private static final String[] SEPARATORS = {",", ",", ",", ";", "x", " ", ", ", ",,", ":"};

    private final Seeds seeds;
    private final SplittableRandom random;
    private final Mutator mutator;

    CaseGenerator(Seeds seeds, long seed) {
        this.seeds = seeds;
        this.random = new SplittableRandom(seed);
        this.mutator = new Mutator(random);
    }

    FuzzCase next() {
        String only = System.getProperty("weft.fuzz.only", "");
        FuzzCase next = pick();
        while (!next.format().startsWith(only)) {
            next = pick();
        }
        return next;
    }

    private FuzzCase pick() {
        int pick = random.nextInt(100);
        if (pick < 18) {
            return arch("weft-arch/1", seeds.archV1);
        }
        if (pick < 34) {
            return arch("weft-arch/2", seeds.archV2);
        }
        if (pick < 44) {
            return schedule("weft-schedule/1", seeds.scheduleV1, "systolic-32x32-int8");
        }
        if (pick < 54) {
            return schedule("weft-schedule/2", seeds.scheduleV2, "zigzag-tpu-like");
        }
        if (pick < 68) {
            return config();
        }
        if (pick < 74) {
            return onnx();
        }
        if (pick < 82) {
            return results();
        }
        if (pick < 88) {
            return scaleSim();
        }
        return commandLine();
    }

    private FuzzCase arch(String format, String text) {
        Mutator.Mutant mutant = mutator.mutate(text, Mutator.Syntax.YAML, ARCH_RULES);
        List<String> args = random.nextInt(4) == 0
                ? List.of("estimate", "--model", "bert-tiny", "--seq", "8", "--hw", "@DIR/" + ARCH, "--out", "@DIR/out")
                : List.of("estimate", "--gemm", "8,8,8", "--hw", "@DIR/" + ARCH, "--out", "@DIR/out");
        return new FuzzCase(format, mutant.mutation(), Map.of(ARCH, mutant.bytes()), args, mutant.expect());
    }

    private FuzzCase schedule(String format, String text, String hardware) {
        Mutator.Mutant mutant = random.nextInt(4) == 0 ? renameDimension(text) : null;
        if (mutant == null) {
            mutant = mutator.mutate(text, Mutator.Syntax.JSON, SCHEDULE_RULES);
        }
        return new FuzzCase(format, mutant.mutation(), Map.of("schedule.json", mutant.bytes()),
                List.of("estimate", "--gemm", "8,8,16", "--hw", hardware, "--schedule", "@DIR/schedule.json",
                        "--out", "@DIR/out"), mutant.expect());
    }

    /** A GEMM dimension named in the schedule changed to another one: the schedule no longer says what ran. */
    private Mutator.Mutant renameDimension(String text) {
        JsonNode tree = Mutator.parse(text, Mutator.Syntax.JSON);
        ObjectNode entry = (ObjectNode) tree.get("operators").get(0);
        List<String> fields = new ArrayList<>();
        for (String key : List.of("rows", "cols")) {
            if (entry.hasNonNull(key)) {
                fields.add(key);
            }
        }
        if (entry.has("gemm_dims")) {
            entry.get("gemm_dims").fieldNames().forEachRemaining(k -> fields.add("gemm_dims." + k));
        }
        if (fields.isEmpty()) {
            return null;
        }
        String field = fields.get(random.nextInt(fields.size()));
        String what;
        if (field.startsWith("gemm_dims.")) {
            ObjectNode dims = (ObjectNode) entry.get("gemm_dims");
            String key = field.substring("gemm_dims.".length());
            if (random.nextBoolean() || dims.get(key).isEmpty()) {
                dims.set(key, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(new String[] {"Q", "M", "N", "K", "B", "m"}[random.nextInt(6)]));
            } else {
                String other = new String[] {"m", "n", "k", "batch"}[random.nextInt(4)];
                JsonNode swap = dims.get(other);
                dims.set(other, dims.get(key));
                dims.set(key, swap);
            }
            what = "gemm_dims." + key + " changed to " + dims.get(key);
        } else if (random.nextBoolean() && entry.hasNonNull("rows") && entry.hasNonNull("cols")) {
            JsonNode rows = entry.get("rows");
            entry.set("rows", entry.get("cols"));
            entry.set("cols", rows);
            what = "rows and cols swapped";
        } else {
            entry.set(field, TextNode.valueOf(new String[] {"m", "n", "k", "x"}[random.nextInt(4)]));
            what = field + " changed to " + entry.get(field);
        }
        String mutated = Mutator.print(tree, Mutator.Syntax.JSON);
        boolean changed = !Mutator.parse(mutated, Mutator.Syntax.JSON).equals(Mutator.parse(text, Mutator.Syntax.JSON));
        return new Mutator.Mutant(what, mutated.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                changed ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ACCEPT);
    }

    private FuzzCase config() {
        Map.Entry<String, String> seed = seeds.configs.get(random.nextInt(seeds.configs.size()));
        Mutator.Mutant mutant = mutator.mutate(seed.getValue(), Mutator.Syntax.JSON, CONFIG_RULES);
        boolean decode = seed.getKey().equals("decoder") && random.nextBoolean();
        List<String> args = new ArrayList<>(List.of("estimate", "--model", "@DIR/" + seed.getKey() + "/config.json",
                "--seq", "8", "--out", "@DIR/out"));
        if (decode) {
            args.addAll(List.of("--phase", "decode", "--kv", "16"));
        }
        return new FuzzCase("config.json (" + seed.getKey() + ")", mutant.mutation(),
                Map.of(seed.getKey() + "/config.json", mutant.bytes()), args, mutant.expect());
    }

    private FuzzCase onnx() {
        Map.Entry<String, byte[]> seed = seeds.onnx.get(random.nextInt(seeds.onnx.size()));
        Mutator.Mutant mutant = mutator.mutateBinary(seed.getValue());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(seed.getKey(), mutant.bytes());
        seeds.onnxSidecars.forEach(files::put);
        List<String> args = new ArrayList<>(List.of("estimate", "--model", "@DIR/" + seed.getKey(), "--seq", "8",
                "--out", "@DIR/out"));
        if (random.nextBoolean()) {
            args.addAll(List.of("--unknown-ops", "vector"));
        }
        return new FuzzCase("onnx (" + seed.getKey() + ")", mutant.mutation(), files, args, mutant.expect());
    }

    private FuzzCase results() {
        Map.Entry<String, String> seed = seeds.results.get(random.nextInt(seeds.results.size()));
        Mutator.Mutant mutant = mutator.mutate(seed.getValue(), Mutator.Syntax.JSON, RESULTS_RULES);
        return new FuzzCase("results.json (" + seed.getKey() + ")", mutant.mutation(),
                Map.of("results.json", mutant.bytes()), List.of("report", "--from", "@DIR"), mutant.expect());
    }

    private static final Set<String> SCALESIM_INTEGRAL = Set.of("arrayheight", "arraywidth", "ifmapsramszkb",
            "filtersramszkb", "ofmapsramszkb", "bandwidth");
    private static final Set<String> SCALESIM_REQUIRED = Set.of("arrayheight", "arraywidth", "ifmapsramszkb",
            "filtersramszkb", "ofmapsramszkb", "dataflow", "bandwidth");

    /** A SCALE-Sim run with its {@code .cfg} or its topology mutated (GEMM or convolution rows). */
    private FuzzCase scaleSim() {
        boolean gemm = random.nextBoolean();
        String topology = gemm ? seeds.scaleSimGemms : seeds.scaleSimConvs;
        Map<String, byte[]> files = new LinkedHashMap<>();
        Mutator.Mutant mutant;
        String format;
        if (random.nextBoolean()) {
            format = "scalesim .cfg";
            mutant = mutator.mutateLines(seeds.scaleSimConfig, Mutator.LineFormat.INI, SCALESIM_INTEGRAL,
                    SCALESIM_REQUIRED, 0);
            files.put("scale.cfg", mutant.bytes());
            files.put("topology.csv", topology.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            format = "scalesim topology " + (gemm ? "(gemm)" : "(conv)");
            // name and M, N, K; or name, IFMAP height and width, filter height and width, channels, filters, strides
            mutant = mutator.mutateLines(topology, Mutator.LineFormat.CSV, Set.of(), Set.of(), gemm ? 4 : 9);
            files.put("scale.cfg", seeds.scaleSimConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            files.put("topology.csv", mutant.bytes());
        }
        List<String> args = new ArrayList<>(List.of("simulate", "--scalesim-config", "@DIR/scale.cfg", "--topology",
                "@DIR/topology.csv", "--out", "@DIR/out"));
        if (gemm) {
            args.add("--gemm-topology");
        }
        return new FuzzCase(format, mutant.mutation(), files, args, mutant.expect());
    }

    /** A command whose one value is replaced, and whether that value is known to be wrong there. */
    private FuzzCase commandLine() {
        String number = NUMBERS[random.nextInt(NUMBERS.length)];
        String list = list();
        List<String> args;
        boolean invalid;
        String what;
        switch (random.nextInt(16)) {
            case 0, 1 -> {
                args = List.of("estimate", "--gemm", list, "--hw", "systolic-32x32-int8", "--out", "@DIR/out");
                invalid = !positiveList(list, 3);
                what = "--gemm";
            }
            case 2 -> {
                args = List.of("estimate", "--gemm", list, "--hw", "zigzag-tpu-like", "--out", "@DIR/out");
                invalid = !positiveList(list, 3);
                what = "--gemm";
            }
            case 3 -> {
                args = List.of("estimate", "--model", "bert-tiny", "--seq", number, "--out", "@DIR/out");
                invalid = !positive(number);
                what = "--seq";
            }
            case 4 -> {
                args = List.of("estimate", "--gemm", "8,8,8", "--batch", number, "--out", "@DIR/out");
                invalid = !positive(number);
                what = "--batch";
            }
            case 5 -> {
                args = List.of("estimate", "--model", "tinyllama-1.1b", "--phase", "decode", "--kv", number,
                        "--out", "@DIR/out");
                invalid = !wholeAtLeast(number, 0);
                what = "--kv";
            }
            case 6 -> {
                String value = pick("0.5", "2:4", "1:4", "0", "1", "1.5", "-0.1", "NaN", "4:2", "0:4", "2:0", "2/4",
                        "2:4:8", "", "50%", number);
                args = List.of("estimate", "--model", "bert-tiny", "--seq", "8", "--sparsity", value, "--out", "@DIR/out");
                invalid = value.equals("NaN") || value.equals("-0.1") || value.equals("1.5") || value.equals("4:2")
                        || value.equals("2:0") || value.equals("2/4") || value.isBlank() || value.equals("50%");
                what = "--sparsity " + value;
            }
            case 7 -> {
                String value = pick("int8", "fp16", "INT8", "int 8", "", "int7", "fp4", "binary", "bf16", "\u0131nt8");
                String option = pick("--dtype", "--ops-dtype", "--energy", "--objective", "--phase", "--attention");
                args = List.of("estimate", "--gemm", "8,8,8", "--energy", option.equals("--ops-dtype") ? "ops-45nm"
                        : "arch", option, value, "--out", "@DIR/out");
                invalid = value.isBlank() || value.equals("int7") || value.equals("int 8") || value.equals("\u0131nt8");
                what = option + " " + value;
            }
            case 8 -> {
                String option = pick("--hash-bits", "--hash-anchors", "--search-budget", "--seed", "--image");
                args = List.of("estimate", "--model", option.equals("--image") ? "deit-s" : "bert-tiny", "--seq", "8",
                        "--attention", "ecoformer", option, number, "--out", "@DIR/out");
                invalid = option.equals("--seed") ? !whole(number) : option.equals("--search-budget")
                        ? !wholeAtLeast(number, 0) : !positive(number);
                what = option;
            }
            case 9, 10 -> {
                args = List.of("spmm", "--shape", list, "--density", "0.5", "--out", "@DIR/out");
                invalid = !positiveList(list, 3);
                what = "--shape";
            }
            case 11 -> {
                String density = pick("0.5", "0.1,0.5", "", ",", "0", "1.5", "-1", "NaN", "0.5;1", "1e-300", number);
                args = List.of("spmm", "--shape", "8,8,8", "--density", density, "--out", "@DIR/out");
                invalid = density.isBlank() || density.equals(",") || density.equals("0") || density.equals("1.5")
                        || density.equals("-1") || density.equals("NaN") || density.equals("0.5;1");
                what = "--density " + density;
            }
            case 12 -> {
                String json = pick("", " ", "@DIR", "@DIR/out", "@DIR/rows.json", "/proc/weft/rows.json", "@DIR/out/rows.json");
                args = List.of("spmm", "--shape", "8,8,8", "--density", "0.5", "--out", "@DIR/out", "--json", json);
                invalid = json.isBlank() || json.equals("@DIR") || json.equals("@DIR/out") || json.startsWith("/proc");
                what = "--json '" + json + "'";
            }
            case 13 -> {
                String out = pick("", " ", "/proc/weft/out", "@DIR/out", "@DIR/a/b/c", "@DIR/\u540d\u524d");
                args = List.of("estimate", "--gemm", "8,8,8", "--out", out);
                invalid = out.isBlank() || out.startsWith("/proc");
                what = "--out '" + out + "'";
            }
            case 14 -> {
                String seqs = pick("8,16", "", ",", "8,,16", "16,8", "8,16,...,64", "8;16", "-8,16", "8,16,...,4",
                        "2147483647", "8,16,...,2147483647", "...", "8,...", list);
                args = List.of("sweep-seq", "--model", "bert-tiny", "--attention", "softmax", "--seq", seqs,
                        "--out", "@DIR/out");
                invalid = seqs.isBlank() || seqs.equals(",") || seqs.equals("8;16") || seqs.equals("-8,16")
                        || seqs.equals("...");
                what = "sweep-seq --seq";
            }
            default -> {
                String attention = pick("softmax,ecoformer", "", ",", "softmax,softmax", "softmax;ecoformer",
                        "SOFTMAX", "linear", "ecoformer,", "softmax, linear");
                args = List.of("compare", "--model", "bert-tiny", "--seq", "8", "--attention", attention);
                invalid = attention.isBlank() || attention.equals(",") || attention.equals("softmax,softmax")
                        || attention.equals("softmax;ecoformer");
                what = "compare --attention";
            }
        }
        return new FuzzCase("command line", what,
                Map.of(), args, invalid ? FuzzCase.Expect.REJECT : FuzzCase.Expect.ANY);
    }

    private String list() {
        int count = random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 3;
        String separator = random.nextInt(3) == 0 ? SEPARATORS[random.nextInt(SEPARATORS.length)] : ",";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(random.nextInt(3) == 0 ? NUMBERS[random.nextInt(NUMBERS.length)] : pick("8", "16", "1", "64"));
        }
        return random.nextInt(20) == 0 ? pick("", ",,", "8,8,", ",8,8") : text.toString();
    }

    private static boolean positiveList(String text, int count) {
        String[] parts = text.split(",", -1);
        return parts.length == count && java.util.Arrays.stream(parts).allMatch(p -> positive(p.trim()));
    }

    private static boolean positive(String text) {
        return wholeAtLeast(text, 1);
    }

    private static boolean whole(String text) {
        return text.trim().matches("[+-]?[0-9]+");
    }

    private static boolean wholeAtLeast(String text, long least) {
        Predicate<String> digits = t -> t.matches("\\+?[0-9]+") || t.matches("-[0-9]+");
        String t = text.trim();
        if (!digits.test(t)) {
            return false;
        }
        try {
            return new java.math.BigInteger(t.replace("+", "")).compareTo(java.math.BigInteger.valueOf(least)) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }
}
