package dev.weft.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in the file is one line that names it and its fix; the CLI exits 2 on these. */
class MalformedInputTest {
    private static final WorkloadSpec SPEC = FixtureTest.spec(1, 16, 0, DType.FP32);

    @TempDir
    Path dir;

    private static WeftInputException refused(Path file, UnknownOps policy) {
        WeftInputException e = assertThrows(WeftInputException.class, () -> OnnxImporter.load(file, SPEC, policy));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void aFileThatIsNotOnnxIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.onnx"), "these are my notes, not a model\n");
        String message = refused(file, UnknownOps.ERROR).getMessage();
        assertTrue(message.startsWith(file + ": not an ONNX model"), message);
    }

    @Test
    void anEmptyFileIsNotOnnx() throws IOException {
        Path file = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertTrue(refused(file, UnknownOps.ERROR).getMessage().contains("not an ONNX model"));
    }

    @Test
    void aTruncatedFileSaysSo() throws IOException {
        byte[] whole = Files.readAllBytes(FixtureTest.FIXTURES.resolve("bert-fixture.onnx"));
        Path file = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        String message = refused(file, UnknownOps.ERROR).getMessage();
        assertTrue(message.contains("truncated ONNX file"), message);
        assertTrue(message.contains("(fix: export or copy the model again)"), message);
    }

    @Test
    void externalWeightsAreReadFromBesideTheModel() {
        var imported = OnnxImporter.load(FixtureTest.FIXTURES.resolve("external-weights.onnx"), SPEC, UnknownOps.ERROR);
        assertEquals(16.0 * 64 * 64, imported.workload().macs());
        assertEquals(64 * 64, imported.workload().params());
    }

    @Test
    void missingExternalWeightsNameTheFile() throws IOException {
        Path file = Files.copy(FixtureTest.FIXTURES.resolve("external-weights.onnx"), dir.resolve("model.onnx"));
        String message = refused(file, UnknownOps.ERROR).getMessage();
        assertEquals(file + ": initializer 'proj.weight': its weights are in an external file 'external-weights.bin' "
                + "that is missing (fix: put external-weights.bin beside model.onnx as it was exported)", message);
    }

    @Test
    void truncatedExternalWeightsAreRefused() throws IOException {
        Path file = Files.copy(FixtureTest.FIXTURES.resolve("external-weights.onnx"), dir.resolve("model.onnx"));
        Files.write(dir.resolve("external-weights.bin"), new byte[100]);
        assertTrue(refused(file, UnknownOps.ERROR).getMessage().contains("is truncated"));
    }

    @Test
    void anUnknownOperatorNamesTheNodeTheOpTypeAndTheFix() {
        Path file = FixtureTest.FIXTURES.resolve("unknown-op.onnx");
        assertEquals(file + ": node 'custom_activation': op type com.example.Swoosh is not known to Weft "
                + "(fix: use --unknown-ops vector to cost it as element-wise work, or export without it)",
                refused(file, UnknownOps.ERROR).getMessage());
    }

    @Test
    void unknownOpsVectorCostsItAsElementWiseWorkWithAWarning() {
        var imported = OnnxImporter.load(FixtureTest.FIXTURES.resolve("unknown-op.onnx"), SPEC, UnknownOps.VECTOR);
        Operator guessed = imported.workload().operators().stream().filter(op -> op.op().startsWith("unknown:"))
                .findFirst().orElseThrow();
        assertEquals("unknown:Swoosh", guessed.op());
        assertEquals(16.0 * 64, guessed.adds());
        assertEquals(1, imported.warnings().size());
        assertTrue(imported.warnings().get(0).contains("'custom_activation'"), imported.warnings().get(0));
    }

    @Test
    void aSequenceLongerThanThePositionTableSaysWhatToChange() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> OnnxImporter.load(
                FixtureTest.FIXTURES.resolve("bert-fixture.onnx"), FixtureTest.spec(1, 512, 0, DType.FP32),
                UnknownOps.ERROR));
        assertTrue(e.getMessage().contains("does not broadcast to [1, 512]"), e.getMessage());
        assertTrue(e.getMessage().contains("(fix: give --seq and --image within what the model was exported for"),
                e.getMessage());
    }
}
