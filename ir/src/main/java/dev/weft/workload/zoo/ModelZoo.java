package dev.weft.workload.zoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The built-in models (Hugging Face-style {@code config.json} files shipped as resources
 * under {@code models/}) and the families that turn a config into an operator graph. A
 * user's own config file is accepted wherever a model name is.
 */
public final class ModelZoo {

    /** Built-in model names; each has {@code models/NAME.json} on the class path. */
    public static final List<String> BUILT_IN = List.of(
            "bert-tiny", "bert-base", "bert-large", "gpt2", "llama-2-7b", "tinyllama-1.1b", "llama-tiny", "qwen2-0.5b",
            "mistral-7b", "mixtral-8x7b", "phi-3-mini", "gemma-2b", "mamba-130m", "mamba2-130m",
            "vit-b16", "deit-s", "swin-t", "pvtv2-b0", "pvtv2-b1", "pvtv2-b2");

    /**
     * Layers a model may have: the deepest published transformers have about 130. A config asking
     * for more is refused before its graph is built, which would otherwise take minutes and gigabytes.
     */
    public static final int MAX_LAYERS = 1024;

    private static final List<ModelFamily> FAMILIES = List.of(new BertFamily(), new DecoderFamily(),
            new T5Family(), new MambaFamily(), new VitFamily(), new SwinFamily(), new PvtV2Family());

    // A key given twice is ambiguous (Python keeps the last); Weft refuses it as the architecture reader does.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ModelZoo() {
    }

    /** A model's name, family and whether it takes images, for listings. */
    public record ModelInfo(String name, String modelType, String huggingFaceId, boolean vision) {
    }

    public static List<ModelInfo> list() {
        return BUILT_IN.stream().map(name -> {
            ConfigReader config = config(name);
            String hfId = config.has("_name_or_path") ? config.string("_name_or_path") : "";
            String type = config.string("model_type");
            return new ModelInfo(name, type, hfId, config.has("image_size"));
        }).toList();
    }

    /** Builds the graph of a built-in model name or a config.json path. */
    public static Workload build(String nameOrPath, WorkloadSpec spec) {
        return build(name(nameOrPath), config(nameOrPath), spec);
    }

    /** The model's name in results: the built-in name, or the config file's name. */
    public static String name(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return nameOrPath;
        }
        // a Hugging Face checkout keeps config.json in a folder named after the model: the folder names it
        Path path = Path.of(nameOrPath).toAbsolutePath().normalize();
        Path folder = path.getParent();
        boolean generic = path.getFileName().toString().equals("config.json");
        return generic && folder != null && folder.getFileName() != null ? folder.getFileName().toString()
                : path.getFileName().toString();
    }

    /** Builds the graph of a model from its (possibly edited) config. */
    public static Workload build(String name, ConfigReader config, WorkloadSpec spec) {
        for (String field : List.of("num_hidden_layers", "n_layer", "num_layers", "num_decoder_layers", "depths")) {
            config.atMost(field, MAX_LAYERS, "layers");
        }
        String type = config.string("model_type");
        ModelFamily family = familyFor(type).orElseThrow(() -> new WeftInputException(config.source(), "model_type",
                "no model family reads model_type '" + type + "'",
                "use one of " + FAMILIES.stream().flatMap(f -> f.modelTypes().stream()).sorted().toList()));
        String refusal = spec.tokenReduction().isNone() ? null : family.tokenReductionRefusal();
        if (refusal != null) {
            String option = spec.tokenReduction().option();
            throw new WeftInputException(option, null, name + " cannot prune or merge tokens: " + refusal,
                    "drop " + option + ", or use a ViT/DeiT such as vit-b16 or deit-s");
        }
        return family.build(name, config, spec);
    }

    static Optional<ModelFamily> familyFor(String modelType) {
        return FAMILIES.stream().filter(f -> f.modelTypes().contains(modelType)).findFirst();
    }

    /** The config of a built-in model, or of a file when the argument is not a built-in name. */
    public static ConfigReader config(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            String resource = "/models/" + nameOrPath + ".json";
            try (InputStream in = ModelZoo.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in model config missing from the class path: " + resource);
                }
                return new ConfigReader("model " + nameOrPath, JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in " + resource, e);
            }
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new WeftInputException("--model", null, "unknown model '" + nameOrPath + "'",
                    "use one of " + String.join(", ", BUILT_IN) + " (see ./weft models) or a path to a config.json");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new WeftInputException(file.toString(), null, "is not a JSON object",
                        "give a Hugging Face-style config.json");
            }
            return new ConfigReader(file.toString(), root);
        } catch (JsonProcessingException e) {
            throw new WeftInputException(file.toString(), null, "malformed JSON" + Json.where(e) + ": "
                    + Json.problem(e), "check the JSON syntax near that line");
        } catch (IOException e) {
            throw new WeftInputException(file.toString(), null, "cannot read: " + e.getMessage(),
                    "check the path and permissions");
        }
    }
}
