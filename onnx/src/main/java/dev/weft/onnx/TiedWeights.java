package dev.weft.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds output heads tied to an embedding table. Exporters fold the head's transpose of the
 * table into a second initializer, so the file stores the tied parameter twice; the zoo (and
 * the model) count it once. A 2-D initializer whose elements are exactly the transpose (or a
 * copy) of a table that a Gather reads is the same parameter.
 */
final class TiedWeights {
    private static final Set<String> VIEWS = Set.of("DequantizeLinear", "Transpose", "Identity", "Cast");

    private TiedWeights() {
    }

    /** Initializer name to the table it duplicates. */
    static Map<String, String> find(Graph graph) {
        Map<String, String> aliases = new HashMap<>();
        for (Node node : graph.nodes()) {
            if (!node.opType().equals("Gather")) {
                continue;
            }
            OnnxMl.TensorProto table = graph.initializers().get(source(graph, node.input(0)));
            if (table == null || table.getDimsCount() != 2) {
                continue;
            }
            for (OnnxMl.TensorProto other : graph.initializers().values()) {
                if (other != table && other.getDimsCount() == 2 && other.getDataType() == table.getDataType()
                        && !aliases.containsKey(other.getName()) && same(graph.file(), table, other)) {
                    aliases.put(other.getName(), table.getName());
                }
            }
        }
        return aliases;
    }

    /** The initializer a value is a view of, through layout and dequantisation nodes. */
    private static String source(Graph graph, String value) {
        Node producer = graph.producer(value);
        while (producer != null && VIEWS.contains(producer.opType())) {
            value = producer.input(0);
            producer = graph.producer(value);
        }
        return value;
    }

    private static boolean same(OnnxFile file, OnnxMl.TensorProto table, OnnxMl.TensorProto other) {
        List<Long> a = table.getDimsList();
        List<Long> b = other.getDimsList();
        boolean transposed = a.get(0).equals(b.get(1)) && a.get(1).equals(b.get(0));
        boolean copied = a.equals(b);
        if (!transposed && !copied) {
            return false;
        }
        ByteString x = file.raw(table);
        ByteString y = file.raw(other);
        int width = OnnxFile.width(table);
        if (x.isEmpty() || x.size() != y.size() || width == 0) {
            return false;
        }
        if (copied && x.equals(y)) {
            return true;
        }
        if (!transposed) {
            return false;
        }
        long rows = a.get(0);
        long cols = a.get(1);
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c++) {
                long i = (r * cols + c) * width;
                long j = (c * rows + r) * width;
                for (int k = 0; k < width; k++) {
                    if (x.byteAt((int) (i + k)) != y.byteAt((int) (j + k))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
