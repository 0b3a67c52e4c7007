package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A config field that would change the arithmetic in a way Weft does not model is refused:
 * one line naming the file, the field and the fix, never silently ignored.
 */
class RefusedConfigKeysTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** base config, field, JSON value it is set to. */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("falcon-7b", "alibi", "true"),
                Arguments.of("opt-125m", "do_layer_norm_before", "false"),
                Arguments.of("opt-125m", "word_embed_proj_dim", "512"),
                Arguments.of("opt-125m", "_remove_final_layer_norm", "true"),
                Arguments.of("opt-125m", "layer_norm_elementwise_affine", "false"),
                Arguments.of("llama-3.2-1b", "quantization_config", "{\"quant_method\": \"gptq\", \"bits\": 4}"),
                Arguments.of("llama-3.2-1b", "sliding_window", "4096"),
                Arguments.of("llama-3.2-1b", "hidden_act", "\"mish\""),
                Arguments.of("gemma-2-2b", "hidden_activation", "\"sigmoid\""),
                Arguments.of("gemma-2-2b", "layer_types", "[" + "\"chunked_attention\",".repeat(25)
                        + "\"chunked_attention\"]"),
                Arguments.of("qwen1.5-moe-a2.7b", "num_experts_per_tok", "61"),
                Arguments.of("pythia-160m", "hidden_act", "\"gelu_10\""),
                Arguments.of("t5-small", "feed_forward_proj", "\"gated-mish\""));
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("refused")
    void refusedByNameInOneLine(String base, String field, String value) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(Path.of(DecoderZooTest.userConfig(base)).toFile());
        config.set(field, JSON.readTree(value));
        Path file = dir.resolve(base + ".json");
        Files.writeString(file, JSON.writeValueAsString(config));
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ModelZoo.build(file.toString(), DecoderZooTest.prefill(8)));
        assertTrue(e.getMessage().startsWith(file + ": " + field), e.getMessage());
        assertTrue(e.getMessage().contains("(fix: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @ParameterizedTest(name = "{2}: {0} = {1}")
    @MethodSource("gpt2AndMamba2")
    void refusedInTheOtherFamilies(String field, String value, String model) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(getClass().getResourceAsStream("/models/" + model + ".json"));
        config.set(field, JSON.readTree(value));
        Path file = dir.resolve(model + ".json");
        Files.writeString(file, JSON.writeValueAsString(config));
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> ModelZoo.build(file.toString(), DecoderZooTest.prefill(8)));
        assertTrue(e.getMessage().startsWith(file + ": " + field), e.getMessage());
    }

    static Stream<Arguments> gpt2AndMamba2() {
        return Stream.of(
                Arguments.of("add_cross_attention", "true", "gpt2"),
                Arguments.of("num_heads", "32", "mamba2-130m"),
                Arguments.of("use_conv_bias", "false", "mamba-130m"));
    }
}
