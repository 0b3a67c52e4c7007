package dev.weft.onnx;

import static dev.weft.onnx.TinyModel.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shape inference of the layout operators, and the patterns, on graphs small enough to check by hand. */
class ShapeAndPatternTest {
    private static final WorkloadSpec SPEC = FixtureTest.spec(2, 16, 0, DType.FP32);

    @TempDir
    Path dir;

    private Graph infer(TinyModel model) throws IOException {
        Graph graph = new Graph(OnnxFile.read(model.write(dir, "tiny.onnx")));
        new ShapeInference(graph, SPEC, UnknownOps.ERROR).run();
        return graph;
    }

    private Workload load(TinyModel model) throws IOException {
        return OnnxImporter.load(model.write(dir, "tiny.onnx"), SPEC, UnknownOps.ERROR).workload();
    }

    private static List<String> ops(Workload w) {
        return w.operators().stream().map(Operator::op).toList();
    }

    @Test
    void layoutOperatorsOfOpset13TakeTheirAxesAsInputs() throws IOException {
        Graph g = infer(new TinyModel(13)
                .input("x", ElementType.FLOAT, "batch", "sequence", 96)
                .ints("sizes", 32, 64).ints("axis0", 0).ints("axes12", 1, 2).ints("start", -4).ints("end", 1000)
                .ints("lastAxis", 1).ints("two", 2).intScalar("index", -1)
                .node("Split", List.of("x", "sizes"), List.of("a", "b"), attr("axis", 2))
                .node("Unsqueeze", List.of("a", "axes12"), List.of("u"))
                .node("Squeeze", List.of("u", "axes12"), List.of("s"))
                .node("Slice", List.of("b", "start", "end", "lastAxis", "two"), List.of("sliced"))
                .node("Gather", List.of("x", "index"), List.of("last"), attr("axis", 1))
                .node("Flatten", List.of("x"), List.of("flat"), attr("axis", 2))
                .node("Shape", List.of("x"), List.of("shape"))
                .node("Gather", List.of("shape", "axis0"), List.of("batchSize"))
                .output("s").output("sliced").output("last").output("flat").output("batchSize"));
        assertArrayEquals(new long[] {2, 16, 32}, g.value("a").shape());
        assertArrayEquals(new long[] {2, 16, 64}, g.value("b").shape());
        assertArrayEquals(new long[] {2, 1, 1, 16, 32}, g.value("u").shape());
        assertArrayEquals(new long[] {2, 16, 32}, g.value("s").shape());
        assertArrayEquals(new long[] {2, 2, 64}, g.value("sliced").shape(), "last 4 of 16, step 2");
        assertArrayEquals(new long[] {2, 96}, g.value("last").shape());
        assertArrayEquals(new long[] {32, 96}, g.value("flat").shape());
        assertArrayEquals(new double[] {2}, g.value("batchSize").data());
    }

    @Test
    void shapeArithmeticFoldsAndReshapeFollowsIt() throws IOException {
        Graph g = infer(new TinyModel(14)
                .input("x", ElementType.FLOAT, "batch", "sequence", 64)
                .ints("zero", 0).ints("one", 1).ints("heads", 2).ints("minusOne", -1)
                .node("Shape", List.of("x"), List.of("shape"))
                .node("Gather", List.of("shape", "zero"), List.of("b"), attr("axis", 0))
                .node("Gather", List.of("shape", "one"), List.of("s"), attr("axis", 0))
                .node("Concat", List.of("b", "s", "heads", "minusOne"), List.of("target"), attr("axis", 0))
                .node("Reshape", List.of("x", "target"), List.of("split"))
                .node("Transpose", List.of("split"), List.of("heads_first"), attr("perm", 0, 2, 1, 3))
                .intScalar("start", 0).intScalar("step", 1)
                .node("Range", List.of("start", "s", "step"), List.of("positions"))
                .output("heads_first").output("positions"));
        assertArrayEquals(new double[] {2, 16, 2, -1}, g.value("target").data());
        assertArrayEquals(new long[] {2, 2, 16, 32}, g.value("heads_first").shape());
        assertEquals(16, g.value("positions").data().length);
    }

    @Test
    void scaleBeforeTheProductIsAbsorbedIntoAttention() throws IOException {
        TinyModel m = new TinyModel(14).input("x", ElementType.FLOAT, "batch", "sequence", 64)
                .weight("q.weight", 64, 64).weight("k.weight", 64, 64).weight("v.weight", 64, 64)
                .ints("split", 0, 0, 2, 32).scalar("scale", 0.125f);
        for (String t : List.of("q", "k", "v")) {
            m.node("MatMul", List.of("x", t + ".weight"), List.of(t));
        }
        m.node("Mul", List.of("q", "scale"), List.of("q_scaled"))
                .node("Reshape", List.of("q_scaled", "split"), List.of("q4"))
                .node("Transpose", List.of("q4"), List.of("qh"), attr("perm", 0, 2, 1, 3))
                .node("Reshape", List.of("k", "split"), List.of("k4"))
                .node("Transpose", List.of("k4"), List.of("kt"), attr("perm", 0, 2, 3, 1))
                .node("Reshape", List.of("v", "split"), List.of("v4"))
                .node("Transpose", List.of("v4"), List.of("vh"), attr("perm", 0, 2, 1, 3))
                .node("MatMul", List.of("qh", "kt"), List.of("scores"))
                .node("Softmax", List.of("scores"), List.of("p"), attr("axis", -1))
                .node("MatMul", List.of("p", "vh"), List.of("context"))
                .output("context");
        Workload w = load(m);
        assertEquals(List.of("linear", "linear", "linear", "attention.qk", "softmax", "attention.av"), ops(w));
        assertEquals(3 * 32.0 * 64 * 64 + 2 * (2.0 * 2 * 16 * 16 * 32), w.macs());
    }

    @Test
    void layerNormalizationOfOpset17AndDepthwiseConvolution() throws IOException {
        Workload w = load(new TinyModel(17)
                .input("image", ElementType.FLOAT, "batch", 8, 16, 16)
                .weight("dw.weight", 8, 1, 3, 3).weight("dw.bias", 8).weight("ln.weight", 16).weight("ln.bias", 16)
                .node("Conv", List.of("image", "dw.weight", "dw.bias"), List.of("conv"), attr("group", 8),
                        attr("pads", 1, 1, 1, 1), attr("kernel_shape", 3, 3))
                .node("LayerNormalization", List.of("conv", "ln.weight", "ln.bias"), List.of("norm"), attr("axis", -1))
                .output("norm"));
        assertEquals(List.of("dwconv2d", "layernorm"), ops(w));
        assertEquals(2.0 * 8 * 16 * 16 * 9, w.macs());
        assertEquals(8 * 9 + 8 + 16 + 16, w.params());
    }

    @Test
    void dynamicImageSidesAreBoundByImage() throws IOException {
        TinyModel m = new TinyModel(14).input("pixel_values", ElementType.FLOAT, "batch", 3, "height", "width")
                .weight("patch.weight", 64, 3, 8, 8)
                .node("Conv", List.of("pixel_values", "patch.weight"), List.of("patches"), attr("strides", 8, 8),
                        attr("kernel_shape", 8, 8))
                .output("patches");
        Path file = m.write(dir, "patches.onnx");
        WeftInputException missing = org.junit.jupiter.api.Assertions.assertThrows(WeftInputException.class,
                () -> OnnxImporter.load(file, SPEC, UnknownOps.ERROR));
        assertEquals("--image: needed: input 'pixel_values' axis 2 ('height') of patches.onnx is a dynamic image size "
                + "(fix: give --image N (pixels))", missing.getMessage());
        Workload w = OnnxImporter.load(file, FixtureTest.spec(2, 16, 64, DType.FP32), UnknownOps.ERROR).workload();
        assertEquals(2.0 * 64 * 3 * 8 * 8 * 8 * 8, w.macs());
        assertEquals(64, w.spec().image());
        assertEquals(true, w.vision());
    }
}
