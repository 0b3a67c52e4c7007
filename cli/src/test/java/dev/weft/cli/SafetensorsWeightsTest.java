package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import dev.weft.kernels.forward.ModelWeights;
import dev.weft.kernels.forward.Safetensors;
import dev.weft.kernels.opencl.OpenCl;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft run --weights: safetensors files read by the forward pass. */
class SafetensorsWeightsTest {
    @TempDir
    Path dir;

    /** A tensor to write: its dtype, shape and raw little-endian bytes. */
    private record Tensor(String dtype, List<Long> shape, byte[] data) {
        static Tensor f32(List<Long> shape, float... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            return new Tensor("F32", shape, b.array());
        }

        static Tensor halves(String dtype, List<Long> shape, int... bits) {
            ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : bits) {
                b.putShort((short) v);
            }
            return new Tensor(dtype, shape, b.array());
        }
    }

    private Path write(String name, Map<String, Tensor> tensors) throws Exception {
        ObjectNode header = Json.MAPPER.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        tensors.forEach((tensorName, t) -> {
            ObjectNode entry = header.putObject(tensorName);
            entry.put("dtype", t.dtype());
            t.shape().forEach(entry.putArray("shape")::add);
            entry.putArray("data_offsets").add(data.size()).add(data.size() + t.data().length);
            data.writeBytes(t.data());
        });
        byte[] json = Json.MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data.toByteArray());
        Path file = dir.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    @Test
    void readsF32F16AndBf16InTheGraphsLayout() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", Tensor.f32(List.of(2L, 3L), 1, 2, 3, 4, 5, 6));
        // 1.0, -2.0, 0.5 and the smallest subnormal 2^-24 in binary16
        tensors.put("norm.weight", Tensor.halves("F16", List.of(4L), 0x3c00, 0xc000, 0x3800, 0x0001));
        // 1.0, -2.0 in bfloat16 (the high half of the float)
        tensors.put("norm.bias", Tensor.halves("BF16", List.of(2L), 0x3f80, 0xc000));
        ModelWeights weights = new ModelWeights(1, Safetensors.open(write("w.safetensors", tensors)));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, weights.get("fc.weight", 2, 3, ModelWeights.Init.UNIT));
        // a reader of the transposed layout (a head tied to an embedding) gets the transpose
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, weights.get("fc.weight", 3, 2, ModelWeights.Init.UNIT));
        assertArrayEquals(new float[] {1, -2, 0.5f, 0x1p-24f}, weights.get("norm.weight", 1, 4,
                ModelWeights.Init.UNIT));
        assertArrayEquals(new float[] {1, -2}, weights.get("norm.bias", 1, 2, ModelWeights.Init.UNIT));
        WeftInputException missing = assertThrows(WeftInputException.class, () -> weights.get("other.weight", 2, 2,
                ModelWeights.Init.UNIT));
        assertTrue(missing.getMessage().contains("other.weight") && missing.getMessage().contains("missing"));
        ModelWeights again = new ModelWeights(1, Safetensors.open(dir.resolve("w.safetensors")));
        assertThrows(WeftInputException.class, () -> again.get("fc.weight", 3, 2, ModelWeights.Init.UNIT),
                "the file's layout is the graph's: [3, 2] is not [2, 3]");
    }

    @Test
    void malformedFilesAreOneLine() throws Exception {
        Path truncated = dir.resolve("short.safetensors");
        Files.write(truncated, new byte[] {1, 2, 3});
        assertThrows(WeftInputException.class, () -> Safetensors.open(truncated));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("x", new Tensor("F32", List.of(3L), new byte[8]));
        assertTrue(assertThrows(WeftInputException.class, () -> Safetensors.open(write("bad.safetensors", tensors)))
                .getMessage().contains("8 bytes for shape [3]"));
        Map<String, Tensor> ints = Map.of("ids", new Tensor("I64", List.of(1L), new byte[8]));
        assertTrue(assertThrows(WeftInputException.class, () -> Safetensors.open(write("ints.safetensors", ints)))
                .getMessage().contains("I64"));
    }

    /**
     * bert-tiny's every parameter in a file (random values in the graph's shapes), run on the
     * device and the reference from it; the run with a parameter left out stops with its name.
     */
    @Test
    void runReadsEveryParameterOfBertTinyFromTheFile() throws Exception {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "skipped: " + OpenCl.unavailableReason().orElse("")
                + "; install " + OpenCl.PACKAGES);
        var workload = ModelZoo.build("bert-tiny", new WorkloadSpec(1, 16, 0, Phase.PREFILL, 0,
                AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.FP32, 16, 25));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(9);
        for (Operator op : workload.operators()) {
            for (TensorSpec w : op.weights()) {
                List<Long> shape = w.shape(op.dimSizes());
                float[] values = new float[(int) w.elements(op.dimSizes())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() - 0.5) / Math.sqrt(Math.max(1, shape.get(0))));
                }
                tensors.putIfAbsent(w.name(), Tensor.f32(shape, values));
            }
        }
        assertEquals(workload.params(), tensors.values().stream().mapToLong(t -> t.data().length / 4).sum());
        Path file = write("bert-tiny.safetensors", tensors);
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("run", "--model", "bert-tiny", "--seq", "16", "--runs", "1", "--weights",
                file.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        JsonNode report = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals(file.toString(), report.get("weights").asText());
        assertTrue(report.at("/forward/outputs/0/relative_l2").asDouble() <= 1e-3);

        tensors.remove("layer1.mlp.fc2.weight");
        Path partial = write("partial.safetensors", tensors);
        Path none = dir.resolve("none");
        CliRun missing = CliRun.of("run", "--model", "bert-tiny", "--seq", "16", "--weights", partial.toString(),
                "--out", none.toString());
        assertEquals(2, missing.status(), missing.out() + missing.err());
        assertTrue(missing.err().contains("layer1.mlp.fc2.weight") && missing.err().contains("missing"),
                missing.err());
        assertFalse(Files.exists(none));
    }
}
