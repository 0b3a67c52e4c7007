package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntToDoubleFunction;

/**
 * An ONNX model file read with the generated protobuf classes, checked for the mistakes a
 * user can make (not ONNX, truncated, external weights missing), and the element data of
 * its tensors on request.
 */
final class OnnxFile {
    private final Path path;
    private final OnnxMl.ModelProto model;

    private OnnxFile(Path path, OnnxMl.ModelProto model) {
        this.path = path;
        this.model = model;
    }

    static OnnxFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new WeftInputException("--model", null, "no such file '" + path + "'",
                    "give the path of an .onnx file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new WeftInputException(path.toString(), null, "cannot read: " + e.getMessage(),
                    "check the path and permissions");
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // protobuf reports a file cut short as an input that "ended unexpectedly"
            boolean truncated = e.getMessage() != null && e.getMessage().contains("ended unexpectedly");
            throw new WeftInputException(path.toString(), null, truncated
                    ? "truncated ONNX file (" + bytes.length + " bytes): the protobuf ends in the middle of a message"
                    : "not an ONNX model: " + e.getMessage(), truncated
                    ? "export or copy the model again" : "give a model exported to ONNX (torch.onnx.export, optimum)");
        }
        // any byte string parses as some protobuf; a model has a version, an operator set and nodes
        if (model.getIrVersion() <= 0 || model.getOpsetImportCount() == 0 || !model.hasGraph()
                || model.getGraph().getNodeCount() == 0) {
            throw new WeftInputException(path.toString(), null, "not an ONNX model (no IR version, operator set "
                    + "or graph nodes)", "give a model exported to ONNX (torch.onnx.export, optimum)");
        }
        OnnxFile file = new OnnxFile(path, model);
        model.getGraph().getInitializerList().forEach(file::checkExternal);
        return file;
    }

    Path path() {
        return path;
    }

    long opset() {
        return model.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).max().orElse(1);
    }

    OnnxMl.GraphProto graph() {
        return model.getGraph();
    }

    /** The element data of a tensor as doubles, or {@code null} for types the importer does not fold. */
    double[] data(OnnxMl.TensorProto tensor) {
        long count = 1;
        for (long d : tensor.getDimsList()) {
            count *= d;
        }
        if (count > Value.FOLD_LIMIT) {
            return null;
        }
        int n = (int) count;
        int type = tensor.getDataType();
        ByteString raw = raw(tensor);
        double[] out = new double[n];
        if (!raw.isEmpty()) {
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = width(type);
            if (width == 0 || raw.size() < (long) n * width) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case ElementType.FLOAT -> b.getFloat(i * 4);
                    case ElementType.DOUBLE -> b.getDouble(i * 8);
                    case ElementType.INT64, ElementType.UINT64 -> b.getLong(i * 8);
                    case ElementType.INT32, ElementType.UINT32 -> b.getInt(i * 4);
                    case ElementType.INT16 -> b.getShort(i * 2);
                    case ElementType.UINT16 -> b.getShort(i * 2) & 0xffff;
                    case ElementType.INT8 -> b.get(i);
                    default -> b.get(i) & 0xff;
                };
            }
            return out;
        }
        switch (type) {
            case ElementType.FLOAT -> copy(out, tensor.getFloatDataCount(), i -> tensor.getFloatData(i));
            case ElementType.DOUBLE -> copy(out, tensor.getDoubleDataCount(), i -> tensor.getDoubleData(i));
            case ElementType.INT64 -> copy(out, tensor.getInt64DataCount(), i -> tensor.getInt64Data(i));
            case ElementType.UINT64, ElementType.UINT32 -> copy(out, tensor.getUint64DataCount(),
                    i -> tensor.getUint64Data(i));
            case ElementType.INT32, ElementType.INT16, ElementType.INT8, ElementType.UINT16, ElementType.UINT8,
                    ElementType.BOOL -> copy(out, tensor.getInt32DataCount(), i -> tensor.getInt32Data(i));
            default -> {
                return null;
            }
        }
        return out;
    }

    /** The tensor's little-endian bytes (inline or external); empty when it is stored in typed fields. */
    ByteString raw(OnnxMl.TensorProto tensor) {
        return tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL ? external(tensor)
                : tensor.getRawData();
    }

    static int width(OnnxMl.TensorProto tensor) {
        return width(tensor.getDataType());
    }

    private static void copy(double[] out, int available, IntToDoubleFunction element) {
        for (int i = 0; i < Math.min(out.length, available); i++) {
            out[i] = element.applyAsDouble(i);
        }
    }

    private static int width(int type) {
        return switch (type) {
            case ElementType.DOUBLE, ElementType.INT64, ElementType.UINT64 -> 8;
            case ElementType.FLOAT, ElementType.INT32, ElementType.UINT32 -> 4;
            case ElementType.INT16, ElementType.UINT16 -> 2;
            case ElementType.INT8, ElementType.UINT8, ElementType.BOOL -> 1;
            default -> 0;
        };
    }

    /** Where an external tensor's bytes are: the file beside the model, the offset and the length. */
    private record ExternalSlice(Path file, long offset, long length) {
    }

    private long externalNumber(OnnxMl.TensorProto tensor, OnnxMl.StringStringEntryProto entry) {
        try {
            long value = Long.parseLong(entry.getValue().trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the tensor's name
        }
        throw new WeftInputException(path.toString(), "initializer '" + tensor.getName() + "'", "external data "
                + entry.getKey() + " '" + entry.getValue() + "' is not a byte count", "export the model again with its external data");
    }

    private ExternalSlice slice(OnnxMl.TensorProto tensor) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (OnnxMl.StringStringEntryProto entry : tensor.getExternalDataList()) {
            switch (entry.getKey()) {
                case "location" -> location = entry.getValue();
                case "offset" -> offset = externalNumber(tensor, entry);
                case "length" -> length = externalNumber(tensor, entry);
                default -> { }
            }
        }
        if (location == null) {
            throw new WeftInputException(path.toString(), "initializer '" + tensor.getName() + "'",
                    "stored externally but names no location", "export the model again with its external data");
        }
        Path dir = path.toAbsolutePath().getParent();
        try {
            return new ExternalSlice(dir.resolve(location).normalize(), offset, length);
        } catch (java.nio.file.InvalidPathException e) {
            throw new WeftInputException(path.toString(), "initializer '" + tensor.getName() + "'",
                    "external data location '" + location + "' is not a file name", "export the model again with its external data");
        }
    }

    private void checkExternal(OnnxMl.TensorProto tensor) {
        if (tensor.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            return;
        }
        ExternalSlice slice = slice(tensor);
        if (!Files.isRegularFile(slice.file())) {
            throw new WeftInputException(path.toString(), "initializer '" + tensor.getName() + "'",
                    "its weights are in an external file '" + slice.file().getFileName() + "' that is missing",
                    "put " + slice.file().getFileName() + " beside " + path.getFileName() + " as it was exported");
        }
        try {
            long size = Files.size(slice.file());
            long end = slice.offset() + Math.max(0, slice.length());
            if (end > size) {
                throw new WeftInputException(path.toString(), "initializer '" + tensor.getName() + "'",
                        "external file '" + slice.file().getFileName() + "' has " + size + " bytes, the tensor ends at "
                                + end, "copy " + slice.file().getFileName() + " again: it is truncated");
            }
        } catch (IOException e) {
            throw new WeftInputException(slice.file().toString(), null, "cannot read: " + e.getMessage(),
                    "check the path and permissions");
        }
    }

    private ByteString external(OnnxMl.TensorProto tensor) {
        ExternalSlice slice = slice(tensor);
        try (RandomAccessFile in = new RandomAccessFile(slice.file().toFile(), "r")) {
            long length = slice.length() >= 0 ? slice.length() : in.length() - slice.offset();
            byte[] bytes = new byte[(int) length];
            in.seek(slice.offset());
            in.readFully(bytes);
            return ByteString.copyFrom(bytes);
        } catch (IOException e) {
            throw new WeftInputException(slice.file().toString(), null, "cannot read: " + e.getMessage(),
                    "check the path and permissions");
        }
    }
}
