package dev.weft.cli.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.cli.Weft;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** The valid inputs every mutation starts from: presets, shipped configs, and files Weft itself writes. */
final class Seeds {
    private static final Path ONNX_FIXTURES = Path.of("../onnx/src/test/resources/fixtures");
    /** The systolic-32x32-int8 preset as it was written in weft-arch/1, which still loads. */
    static final Path V1_PRESET = Path.of("../ir/src/test/resources/arch-v1/systolic-32x32-int8.yaml");
    private static final Path SCALESIM_GOLDEN = Path.of("../simulator/src/test/resources/scalesim-golden");

    final String archV1;
    final String archV2;
    final String scheduleV1;
    final String scheduleV2;
    final List<Map.Entry<String, String>> configs = new ArrayList<>();
    final List<Map.Entry<String, byte[]>> onnx = new ArrayList<>();
    final Map<String, byte[]> onnxSidecars = new LinkedHashMap<>();
    final List<Map.Entry<String, String>> results = new ArrayList<>();
    final String scaleSimConfig;
    final String scaleSimGemms;
    final String scaleSimConvs;

    Seeds(Path work) {
        archV1 = file(V1_PRESET);
        archV2 = resource("/hardware/zigzag-tpu-like.yaml");
        configs.add(Map.entry("bert", resource("/models/bert-tiny.json")));
        ObjectNode llama = (ObjectNode) Mutator.parse(resource("/models/tinyllama-1.1b.json"), Mutator.Syntax.JSON);
        llama.put("num_hidden_layers", 2).put("hidden_size", 256).put("intermediate_size", 512)
                .put("num_attention_heads", 4).put("num_key_value_heads", 2).put("vocab_size", 1000);
        configs.add(Map.entry("decoder", Mutator.print(llama, Mutator.Syntax.JSON)));
        ObjectNode mamba = (ObjectNode) Mutator.parse(resource("/models/mamba-130m.json"), Mutator.Syntax.JSON);
        mamba.put("num_hidden_layers", 2).put("hidden_size", 64).put("intermediate_size", 128).put("vocab_size", 1000)
                .put("time_step_rank", 4);
        configs.add(Map.entry("mamba", Mutator.print(mamba, Mutator.Syntax.JSON)));
        try {
            for (String name : List.of("external-weights.onnx", "unknown-op.onnx")) {
                onnx.add(Map.entry(name, Files.readAllBytes(ONNX_FIXTURES.resolve(name))));
            }
            scaleSimConfig = Files.readString(SCALESIM_GOLDEN.resolve("conv2-os-8x8-1k/scale.cfg"));
            scaleSimGemms = Files.readString(SCALESIM_GOLDEN.resolve("gemm-small-os-8x8-512k/topology.csv"));
            scaleSimConvs = Files.readString(SCALESIM_GOLDEN.resolve("conv2-os-8x8-1k/topology.csv"));
            onnxSidecars.put("external-weights.bin", Files.readAllBytes(ONNX_FIXTURES.resolve("external-weights.bin")));
            scheduleV1 = written(work.resolve("v1"), "schedule.json", "estimate", "--gemm", "8,8,16", "--hw",
                    "systolic-32x32-int8");
            scheduleV2 = written(work.resolve("v2"), "schedule.json", "estimate", "--gemm", "8,8,16", "--hw",
                    "zigzag-tpu-like");
            results.add(Map.entry("gemm loop nest", withoutClock(Files.readString(work.resolve("v2/results.json")))));
            results.add(Map.entry("bert-tiny", withoutClock(written(work.resolve("bert"), "results.json", "estimate",
                    "--model", "bert-tiny", "--seq", "8"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pins the search's wall-clock figures so that a seed file, and with it every mutation's
     * offset, is the same on every run: a fixed fuzz seed must reproduce the same cases.
     */
    private static String withoutClock(String results) {
        return CLOCK.matcher(results).replaceAll("$1 1.0");
    }

    private static final Pattern CLOCK = Pattern.compile("(\"(?:search_seconds|mappings_per_second)\" :) [0-9.Ee+-]+");

    private static String written(Path out, String file, String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--out", out.toString()));
        StringWriter err = new StringWriter();
        CommandLine commandLine = Weft.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(line.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("seed command " + line + " failed: " + err);
        }
        return Files.readString(out.resolve(file));
    }

    static String file(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Seeds.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
