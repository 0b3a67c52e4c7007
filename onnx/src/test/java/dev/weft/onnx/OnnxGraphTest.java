package dev.weft.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.DType;
import dev.weft.workload.Graph;
import dev.weft.workload.Workload;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An imported model is a graph linked by the ONNX file's own value names: every activation an
 * operator reads comes from an earlier operator or is an input of the file, sizes agree across
 * every link, and only the model's result goes unread.
 */
class OnnxGraphTest {
    private static final Set<String> FILE_INPUTS = Set.of("input_ids", "pixel_values", "x");

    @ParameterizedTest
    @CsvSource({"bert-fixture.onnx, 2, 64, 0", "bert-fixture-ort.onnx, 2, 48, 0", "bert-fixture-int8.onnx, 1, 128, 0",
            "gpt2-fixture.onnx, 3, 32, 0", "gpt2-fixture-int8.onnx, 1, 128, 0", "vit-fixture.onnx, 4, 0, 0",
            "vit-fixture-int8.onnx, 1, 0, 0", "torch-encoder.onnx, 3, 40, 0", "external-weights.onnx, 1, 16, 0"})
    void operatorsFormAGraph(String file, int batch, int seq, int image) {
        assertLinked(FixtureTest.imported(file, FixtureTest.spec(batch, seq, image, DType.FP32)));
    }

    /** An operator costed as generic work is linked like any other. */
    @Test
    void unknownOperatorsAreLinkedToo() {
        assertLinked(OnnxImporter.load(FixtureTest.FIXTURES.resolve("unknown-op.onnx"),
                FixtureTest.spec(1, 16, 0, DType.FP32), UnknownOps.VECTOR).workload());
    }

    private static void assertLinked(Workload workload) {
        Graph graph = Graph.of(workload);
        assertEquals(List.of(), graph.problems(), "order or sizes");
        for (String input : graph.inputs()) {
            assertTrue(FILE_INPUTS.contains(input), input + " is read but neither produced nor an input of the file");
        }
        String result = workload.operators().get(workload.operators().size() - 1).output().name();
        assertEquals(Set.of(result), graph.outputs(), "only the result goes unread");
    }
}
