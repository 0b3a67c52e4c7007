package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds small ONNX models in tests with the generated protobuf classes, one node per call. */
final class TinyModel {
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("tiny");
    private final long opset;

    TinyModel(long opset) {
        this.opset = opset;
    }

    /** A graph input; each dimension is a size (Long/Integer) or a symbol (String). */
    TinyModel input(String name, int type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        graph.addInput(OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))));
        return this;
    }

    TinyModel output(String name) {
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(name));
        return this;
    }

    /** A float weight of zeros. */
    TinyModel weight(String name, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return tensor(name, ElementType.FLOAT, dims, ByteString.copyFrom(new byte[(int) n * 4]));
    }

    TinyModel ints(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return tensor(name, ElementType.INT64, new long[] {values.length}, ByteString.copyFrom(b.array()));
    }

    TinyModel intScalar(String name, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return tensor(name, ElementType.INT64, new long[0], ByteString.copyFrom(b.array()));
    }

    TinyModel scalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return tensor(name, ElementType.FLOAT, new long[0], ByteString.copyFrom(b.array()));
    }

    private TinyModel tensor(String name, int type, long[] dims, ByteString raw) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type).setRawData(raw);
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return this;
    }

    TinyModel node(String op, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
        return node("", op, inputs, outputs, attributes);
    }

    TinyModel node(String domain, String op, List<String> inputs, List<String> outputs,
                   OnnxMl.AttributeProto... attributes) {
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(outputs.get(0))
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(List.of(attributes)));
        return this;
    }

    static OnnxMl.AttributeProto attr(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (values.length == 1 && !name.equals("axes") && !name.equals("perm") && !name.equals("split")) {
            return a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(values[0]).build();
        }
        a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    Path write(Path dir, String name) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .build();
        Path file = dir.resolve(name);
        Files.write(file, model.toByteArray());
        return file;
    }
}
