package dev.weft.kernels.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file (Hugging Face's format): an 8-byte little-endian header length, a JSON
 * header naming each tensor's {@code dtype}, {@code shape} and {@code data_offsets} into the
 * data that follows, then the raw little-endian data. Tensors of F32, F16 and BF16 are read
 * as floats.
 */
public final class Safetensors {
    /** One tensor's place in the file. */
    public record Entry(String dtype, List<Long> shape, long begin, long end) {
        public long elements() {
            return shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;
    private final long dataStart;

    private Safetensors(Path file, Map<String, Entry> entries, long dataStart) {
        this.file = file;
        this.entries = entries;
        this.dataStart = dataStart;
    }

    /** Reads the header; a file that is not safetensors is named with what is wrong in it. */
    public static Safetensors open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(size, 0) != 8) {
                throw invalid(file, "is shorter than the 8-byte header length");
            }
            long headerBytes = size.getLong(0);
            if (headerBytes <= 0 || headerBytes > Math.min(100_000_000L, channel.size() - 8)) {
                throw invalid(file, "declares a header of " + headerBytes + " bytes in a file of " + channel.size());
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
            channel.read(header, 8);
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(header.array());
            } catch (IOException e) {
                throw invalid(file, "has a header that is not JSON");
            }
            if (root == null || !root.isObject()) {
                throw invalid(file, "has a header that is not a JSON object");
            }
            long data = channel.size() - 8 - headerBytes;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("__metadata__")) {
                    entries.put(field.getKey(), entry(file, field.getKey(), field.getValue(), data));
                }
            }
            return new Safetensors(file, entries, 8 + headerBytes);
        } catch (IOException e) {
            throw new WeftInputException("--weights", null, "cannot read " + file + " (" + e.getMessage() + ")",
                    "give a readable .safetensors file");
        }
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataBytes) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw invalid(file, "describes tensor '" + name + "' without dtype, shape and two data_offsets");
        }
        List<Long> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(d.asLong(-1)));
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        Entry entry = new Entry(dtype.asText(), List.copyOf(dims), begin, end);
        if (dims.stream().anyMatch(d -> d < 0) || begin < 0 || end < begin || end > dataBytes) {
            throw invalid(file, "places tensor '" + name + "' outside its data (" + begin + ".." + end + " of "
                    + dataBytes + " bytes)");
        }
        int width = bytesPerElement(file, name, entry.dtype());
        if ((end - begin) != entry.elements() * width) {
            throw invalid(file, "gives tensor '" + name + "' " + (end - begin) + " bytes for shape " + dims
                    + " of " + entry.dtype());
        }
        return entry;
    }

    private static int bytesPerElement(Path file, String name, String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new WeftInputException(file.toString(), name, "has dtype " + dtype
                    + ", which the forward pass does not read", "store the weights as F32, F16 or BF16");
        };
    }

    private static WeftInputException invalid(Path file, String what) {
        return new WeftInputException(file.toString(), null, what, "give a safetensors file (8-byte little-endian "
                + "header length, JSON header, data)");
    }

    public Path file() {
        return file;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** The tensor's values as floats, row-major as stored. */
    public float[] read(String name) {
        Entry e = entries.get(name);
        float[] values = new float[Math.toIntExact(e.elements())];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (e.dtype()) {
                    case "F32" -> bytes.getFloat(i * 4);
                    case "F16" -> halfToFloat(bytes.getShort(i * 2));
                    default -> Float.intBitsToFloat((bytes.getShort(i * 2) & 0xffff) << 16);
                };
            }
        } catch (IOException ex) {
            throw new WeftInputException("--weights", name, "cannot read from " + file + " (" + ex.getMessage() + ")",
                    "give a readable .safetensors file");
        }
        return values;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign != 0 ? -subnormal : subnormal;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
