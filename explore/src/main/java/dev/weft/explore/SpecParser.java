package dev.weft.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.area.TechnologyNode;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Mapper;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.zoo.ConfigReader;
import dev.weft.workload.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code weft-explore/1} file. Every problem is one {@link WeftInputException} naming
 * the file, the field and the fix.
 *
 * <pre>{@code
 * format: weft-explore/1
 * base: systolic-32x32-int8        # preset name, or a weft-arch file (relative to this file)
 * sram_energy: capacity            # capacity (default: SRAM energies follow size) | fixed
 * parameters:                      # each: name, path or paths, then values or range
 *   - name: array
 *     paths: [array.dims[rows].size, array.dims[cols].size]
 *     values: [8, 16, 32]          # a scalar sets every path; a list gives one value per path
 *   - name: buffer_kib
 *     path: memories[GLB].size_kib
 *     range: {from: 64, to: 8192, times: 2}     # or {from, to, step}
 * sampling: grid                   # or {method: random | latin_hypercube, points: 200, seed: 7}
 * workloads:                       # every field but model may be a list: all combinations
 *   - {model: bert-base, phase: prefill, seq: 128}
 *   - {model: gpt2, phase: decode, kv: 1024}
 * objectives: [energy_per_token, latency, area]   # Pareto front of every pair
 * constraints: {area_mm2: 50, power_w: 5, latency_s: 0.1}   # optional budgets
 * mapper: {seed: 1, search_budget: 4096}          # optional
 * }</pre>
 */
public final class SpecParser {
    public static final String FORMAT = "weft-explore/1";
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> TOP = Set.of("format", "name", "description", "base", "sram_energy", "parameters",
            "sampling", "workloads", "objectives", "constraints", "mapper");
    private static final Set<String> PARAMETER = Set.of("name", "path", "paths", "values", "range");
    private static final Set<String> WORKLOAD = Set.of("model", "phase", "batch", "seq", "kv", "image", "attention");
    private static final int MAX_CHOICES = 10_000;

    /** Where a spec's {@code base} is found: its YAML text and a name for messages. */
    public interface BaseResolver {
        Base resolve(String base, String field);
    }

    public record Base(String text, String source) {
    }

    private final String source;

    private SpecParser(String source) {
        this.source = source;
    }

    /** A spec file; its {@code base}, when a path, is read relative to the file's directory. */
    public static ExploreSpec load(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new WeftInputException(source, null, "is not a file", "give the path of a weft-explore/1 YAML file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new WeftInputException(source, null, "cannot be read as UTF-8 text (" + e.getMessage() + ")",
                    "check the file and save it as UTF-8");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, source, (base, field) -> {
            if (ArchitectureLoader.isPreset(base)) {
                return new Base(ArchitectureLoader.presetText(base), "preset:" + base);
            }
            Path path = dir.resolve(base);
            if (!Files.isRegularFile(path)) {
                throw new WeftInputException(source, field, "'" + base + "' is neither a hardware preset nor a file",
                        "give a preset (./weft hardware) or a weft-arch file path relative to the spec");
            }
            try {
                return new Base(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new WeftInputException(source, field, "cannot read " + path + " (" + e.getMessage() + ")",
                        "check the file");
            }
        });
    }

    public static ExploreSpec parse(String text, String source, BaseResolver resolver) {
        return new SpecParser(source).read(text, resolver);
    }

    private ExploreSpec read(String text, BaseResolver resolver) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw problem(null, "is not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")",
                    "fix the YAML syntax");
        }
        if (!(root instanceof ObjectNode)) {
            throw problem(null, "is not a YAML mapping", "start from examples/explore/systolic-sweep.yaml");
        }
        allowOnly(root, TOP, "");
        String format = text(root, "format");
        if (!format.equals(FORMAT)) {
            throw problem("format", "is '" + format + "'", "this version of Weft reads " + FORMAT);
        }
        String base = text(root, "base");
        Base resolved = resolver.resolve(base, "base");
        ObjectNode baseTree = Architectures.tree(resolved.text(), resolved.source());
        // the base itself must be a valid design, with a node the area model can scale to
        dev.weft.arch.Architecture baseArch = ArchitectureLoader.parse(resolved.text(), resolved.source());
        if (TechnologyNode.parse(baseArch.technology()).isEmpty()) {
            throw problem("base", "names technology '" + baseArch.technology() + "', which has no area scaling rule",
                    "give the base a technology of " + TechnologyNode.supported());
        }
        ExploreSpec.SramEnergy sram = sramEnergy(root, baseTree);
        List<Parameter> parameters = parameters(root, baseTree, resolved, sram);
        Sampling sampling = sampling(root.get("sampling"), parameters);
        List<WorkloadCase> workloads = workloads(root);
        List<Metric> objectives = objectives(root);
        Constraints constraints = constraints(root.get("constraints"));
        JsonNode mapper = root.get("mapper");
        long seed = 1;
        int budget = Mapper.DEFAULT_BUDGET;
        if (mapper != null) {
            allowOnly(mapper, Set.of("seed", "search_budget"), "mapper");
            seed = mapper.has("seed") ? wholeNumber(mapper.get("seed"), "mapper.seed", 0, Long.MAX_VALUE) : seed;
            budget = mapper.has("search_budget")
                    ? (int) wholeNumber(mapper.get("search_budget"), "mapper.search_budget", 1, 10_000_000) : budget;
        }
        List<DesignPoint> points = sampling.points(parameters);
        return new ExploreSpec(source, text, resolved.source(), resolved.text(), parameters, sampling, workloads,
                objectives, constraints, seed, budget, sram, points);
    }

    private ExploreSpec.SramEnergy sramEnergy(JsonNode root, ObjectNode baseTree) {
        String rule = root.has("sram_energy") ? text(root, "sram_energy") : "capacity";
        ExploreSpec.SramEnergy sram = switch (rule) {
            case "capacity" -> ExploreSpec.SramEnergy.CAPACITY;
            case "fixed" -> ExploreSpec.SramEnergy.FIXED;
            default -> throw problem("sram_energy", "is '" + rule + "'", "use capacity or fixed");
        };
        return sram;
    }

    private List<Parameter> parameters(JsonNode root, ObjectNode baseTree, Base base, ExploreSpec.SramEnergy sram) {
        JsonNode list = root.get("parameters");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw problem("parameters", "is missing or empty", "list at least one parameter: name, path, values or range");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "parameters[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw problem(field, "is not a mapping", "give name, path and values (or range)");
            }
            allowOnly(entry, PARAMETER, field);
            String name = text(entry, "name", field + ".name");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw problem(field + ".name", "'" + name + "' is not a plain name", "use letters, digits and _");
            }
            if (parameters.stream().anyMatch(p -> p.name().equals(name))) {
                throw problem(field + ".name", "'" + name + "' is used twice", "give each parameter its own name");
            }
            List<ArchPath> paths = paths(entry, field, baseTree);
            List<List<JsonNode>> choices = choices(entry, field, paths.size());
            Parameter parameter = new Parameter(name, paths, choices);
            checkSomeChoiceBuilds(parameter, field, baseTree, base, sram);
            parameters.add(parameter);
        }
        return parameters;
    }

    private List<ArchPath> paths(JsonNode entry, String field, ObjectNode baseTree) {
        boolean one = entry.has("path");
        if (one == entry.has("paths")) {
            throw problem(field, "needs exactly one of path and paths", "give path: a.b[c].d, or paths: [..] for fields set together");
        }
        List<String> texts = new ArrayList<>();
        if (one) {
            texts.add(text(entry, "path", field + ".path"));
        } else {
            JsonNode list = entry.get("paths");
            if (!list.isArray() || list.isEmpty()) {
                throw problem(field + ".paths", "is not a non-empty list", "give a list of architecture paths");
            }
            for (int j = 0; j < list.size(); j++) {
                if (!list.get(j).isTextual()) {
                    throw problem(field + ".paths[" + j + "]", "is not text", "write a path such as memories[GLB].size_kib");
                }
                texts.add(list.get(j).asText());
            }
        }
        List<ArchPath> paths = new ArrayList<>();
        for (int j = 0; j < texts.size(); j++) {
            String pathField = field + (one ? ".path" : ".paths[" + j + "]");
            String text = texts.get(j);
            ArchPath path = ArchPath.parse(text).orElseThrow(() -> problem(pathField, "'" + text + "' is not a path",
                    "write keys joined by dots, list elements by [name] or [index], e.g. array.dims[rows].size"));
            ArchPath.Lookup lookup = path.find(baseTree);
            if (!lookup.exists()) {
                throw problem(pathField, "unknown parameter path '" + text + "': " + lookup.missing(),
                        "name a field the base architecture file has");
            }
            if (!lookup.parent().get(lookup.key()).isValueNode()) {
                throw problem(pathField, "'" + text + "' is a section, not a value", "name one of its fields");
            }
            paths.add(path);
        }
        return paths;
    }

    private List<List<JsonNode>> choices(JsonNode entry, String field, int width) {
        if (entry.has("values") == entry.has("range")) {
            throw problem(field, "needs exactly one of values and range", "give values: [..] or range: {from, to, step|times}");
        }
        List<List<JsonNode>> choices = new ArrayList<>();
        if (entry.has("values")) {
            JsonNode values = entry.get("values");
            if (!values.isArray() || values.isEmpty()) {
                throw problem(field + ".values", "is not a non-empty list", "list the values to try");
            }
            for (int k = 0; k < values.size(); k++) {
                JsonNode value = values.get(k);
                String valueField = field + ".values[" + k + "]";
                if (value.isArray()) {
                    if (value.size() != width) {
                        throw problem(valueField, "has " + value.size() + " values for " + width + " paths",
                                "give one value per path, or one scalar for all");
                    }
                    List<JsonNode> choice = new ArrayList<>();
                    for (JsonNode v : value) {
                        choice.add(scalar(v, valueField));
                    }
                    choices.add(choice);
                } else {
                    choices.add(java.util.Collections.nCopies(width, scalar(value, valueField)));
                }
            }
        } else {
            for (JsonNode value : range(entry.get("range"), field + ".range")) {
                choices.add(java.util.Collections.nCopies(width, value));
            }
        }
        if (choices.size() > MAX_CHOICES) {
            throw problem(field, "has " + choices.size() + " values, more than " + MAX_CHOICES, "use fewer values or a coarser range");
        }
        return choices;
    }

    private JsonNode scalar(JsonNode value, String field) {
        if (!value.isValueNode() || value.isNull()) {
            throw problem(field, "is not a number or a word", "give a plain value such as 64 or ws");
        }
        return value;
    }

    private List<JsonNode> range(JsonNode range, String field) {
        if (range == null || !range.isObject()) {
            throw problem(field, "is not a mapping", "write {from: A, to: B, step: S} or {from: A, to: B, times: F}");
        }
        allowOnly(range, Set.of("from", "to", "step", "times"), field);
        double from = number(range, "from", field);
        double to = number(range, "to", field);
        if (range.has("step") == range.has("times")) {
            throw problem(field, "needs exactly one of step and times", "step: adds it each time; times: multiplies");
        }
        boolean geometric = range.has("times");
        double by = number(range, geometric ? "times" : "step", field);
        if (geometric ? !(by > 1) || !(from > 0) : !(by > 0)) {
            throw problem(field + (geometric ? ".times" : ".step"), geometric ? "must be above 1, from above 0"
                    : "must be above 0", "give a range that climbs from 'from' to 'to'");
        }
        boolean whole = isWhole(range.get("from")) && isWhole(range.get(geometric ? "times" : "step"));
        List<JsonNode> values = new ArrayList<>();
        double tolerance = 1e-9 * Math.max(Math.abs(to), 1);
        for (double v = from; v <= to + tolerance && values.size() <= MAX_CHOICES; v = geometric ? v * by : v + by) {
            values.add(whole ? LongNode.valueOf(Math.round(v)) : DoubleNode.valueOf(v));
        }
        if (values.isEmpty()) {
            throw problem(field, "gives no value: from " + from + " is above to " + to, "give from <= to");
        }
        return values;
    }

    private static boolean isWhole(JsonNode node) {
        return node.isIntegralNumber() || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
    }

    /** A parameter none of whose values gives a valid architecture is a mistake in the spec, not a finding. */
    private void checkSomeChoiceBuilds(Parameter parameter, String field, ObjectNode baseTree, Base base,
                                       ExploreSpec.SramEnergy sram) {
        String firstReason = null;
        for (int c = 0; c < parameter.choices().size(); c++) {
            ObjectNode tree = baseTree.deepCopy();
            Architectures.set(tree, parameter, c);
            try {
                Architectures.build(tree, sram, base.source() + " with " + parameter.name() + "=" + parameter.label(c));
                return;
            } catch (WeftInputException | IllegalArgumentException e) {
                firstReason = firstReason != null ? firstReason : e.getMessage();
            }
        }
        throw problem(field, "no value of '" + parameter.name() + "' gives a valid architecture (first: " + firstReason + ")",
                "choose values the architecture format accepts");
    }

    private Sampling sampling(JsonNode node, List<Parameter> parameters) {
        Sampling sampling;
        if (node == null || (node.isTextual() && node.asText().equals("grid"))) {
            sampling = Sampling.GRID;
        } else if (node.isObject()) {
            allowOnly(node, Set.of("method", "points", "seed"), "sampling");
            String method = text(node, "method", "sampling.method");
            Sampling.Method parsed = switch (method) {
                case "grid" -> Sampling.Method.GRID;
                case "random" -> Sampling.Method.RANDOM;
                case "latin_hypercube" -> Sampling.Method.LATIN_HYPERCUBE;
                default -> throw problem("sampling.method", "is '" + method + "'", "use grid, random or latin_hypercube");
            };
            if (parsed == Sampling.Method.GRID) {
                sampling = Sampling.GRID;
            } else {
                if (!node.has("points") || !node.has("seed")) {
                    throw problem("sampling", method + " needs points and seed", "add points: N and seed: S");
                }
                int points = (int) wholeNumber(node.get("points"), "sampling.points", 1, Sampling.MAX_POINTS);
                long seed = wholeNumber(node.get("seed"), "sampling.seed", Long.MIN_VALUE, Long.MAX_VALUE);
                sampling = new Sampling(parsed, points, seed);
            }
        } else {
            throw problem("sampling", "is neither grid nor a mapping", "write grid, or {method: latin_hypercube, points: N, seed: S}");
        }
        if (sampling.method() == Sampling.Method.GRID) {
            long size;
            try {
                size = Sampling.gridSize(parameters);
            } catch (ArithmeticException e) {
                size = Long.MAX_VALUE;
            }
            if (size > Sampling.MAX_POINTS) {
                throw problem("sampling", "grid has " + size + " points, more than " + Sampling.MAX_POINTS,
                        "sample it: {method: latin_hypercube, points: N, seed: S}");
            }
        }
        return sampling;
    }

    private List<WorkloadCase> workloads(JsonNode root) {
        JsonNode list = root.get("workloads");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw problem("workloads", "is missing or empty", "list at least one {model: NAME}");
        }
        List<WorkloadCase> cases = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "workloads[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw problem(field, "is not a mapping", "write {model: NAME, phase: prefill, seq: 128}");
            }
            allowOnly(entry, WORKLOAD, field);
            String model = text(entry, "model", field + ".model");
            if (!ModelZoo.BUILT_IN.contains(model) && !Files.isRegularFile(Path.of(model))) {
                throw problem(field + ".model", "'" + model + "' is neither a built-in model nor a config.json",
                        "use one of " + String.join(", ", ModelZoo.BUILT_IN));
            }
            ConfigReader config = ModelZoo.config(model);
            int defaultImage = config.has("image_size") ? config.positiveInt("image_size") : 0;
            for (JsonNode phase : listOf(entry, "phase", "prefill")) {
                for (JsonNode batch : listOf(entry, "batch", 1)) {
                    for (JsonNode seq : listOf(entry, "seq", 128)) {
                        for (JsonNode kv : listOf(entry, "kv", 0)) {
                            for (JsonNode image : listOf(entry, "image", defaultImage)) {
                                for (JsonNode attention : listOf(entry, "attention", "softmax")) {
                                    cases.add(new WorkloadCase(model,
                                            Phase.parse(phase.asText(), source, field + ".phase"),
                                            (int) wholeNumber(batch, field + ".batch", 1, 1 << 20),
                                            (int) wholeNumber(seq, field + ".seq", 1, 1 << 24),
                                            (int) wholeNumber(kv, field + ".kv", 0, 1 << 24),
                                            (int) wholeNumber(image, field + ".image", 0, 1 << 16),
                                            AttentionKind.parse(attention.asText(), source, field + ".attention")));
                                }
                            }
                        }
                    }
                }
            }
        }
        List<String> labels = cases.stream().map(WorkloadCase::label).toList();
        if (labels.stream().distinct().count() != labels.size()) {
            throw problem("workloads", "lists the same workload twice", "remove the repeated entry");
        }
        return cases;
    }

    private static List<JsonNode> listOf(JsonNode entry, String key, Object fallback) {
        JsonNode node = entry.get(key);
        if (node == null) {
            return List.of(fallback instanceof String text ? com.fasterxml.jackson.databind.node.TextNode.valueOf(text)
                    : LongNode.valueOf(((Number) fallback).longValue()));
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    private List<Metric> objectives(JsonNode root) {
        JsonNode list = root.get("objectives");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw problem("objectives", "is missing or empty", "list objectives, e.g. [energy_per_token, latency, area]");
        }
        List<Metric> objectives = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Metric metric = Metric.parse(list.get(i).asText(), source, "objectives[" + i + "]");
            if (objectives.contains(metric)) {
                throw problem("objectives[" + i + "]", "repeats " + metric.label(), "list each objective once");
            }
            objectives.add(metric);
        }
        return objectives;
    }

    private Constraints constraints(JsonNode node) {
        if (node == null) {
            return Constraints.NONE;
        }
        if (!node.isObject()) {
            throw problem("constraints", "is not a mapping", "write {area_mm2: A, power_w: P, latency_s: L}");
        }
        allowOnly(node, Set.of("area_mm2", "power_w", "latency_s"), "constraints");
        return new Constraints(budget(node, "area_mm2"), budget(node, "power_w"), budget(node, "latency_s"));
    }

    private Double budget(JsonNode node, String key) {
        if (!node.has(key)) {
            return null;
        }
        double value = number(node, key, "constraints");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw problem("constraints." + key, "must be a positive number", "give the budget, e.g. 50");
        }
        return value;
    }

    private void allowOnly(JsonNode node, Set<String> keys, String field) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!keys.contains(key)) {
                throw problem(field.isEmpty() ? key : field + "." + key, "is not a known key",
                        "use one of " + String.join(", ", keys.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode node, String key) {
        return text(node, key, key);
    }

    private String text(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw problem(field, "is missing", "give " + key);
        }
        return value.asText().trim();
    }

    private double number(JsonNode node, String key, String field) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw problem(field + "." + key, value == null ? "is missing" : "is not a number", "write a plain number");
        }
        return value.asDouble();
    }

    private long wholeNumber(JsonNode value, String field, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw problem(field, "is '" + value.asText() + "'", "give a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    private WeftInputException problem(String field, String what, String fix) {
        return new WeftInputException(source, field, what, fix);
    }
}
