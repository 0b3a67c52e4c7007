package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --model file.onnx} wherever {@code --model} is accepted; its mistakes exit 2 with one line. */
class OnnxModelTest {
    private static final Path FIXTURES = Path.of("../onnx/src/test/resources/fixtures");

    @TempDir
    Path dir;

    private static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    /** The lines of the estimate that carry the counts, cycles and energy (the title names the model). */
    private String totals(String model, String... extra) {
        String[] argv = {"estimate", "--model", model, "--seq", "128", "--out", dir.resolve(model.hashCode() + "").toString()};
        CliRun run = CliRun.of(concat(argv, extra));
        assertEquals(0, run.status(), run.err());
        return run.out().lines().filter(l -> l.startsWith("MACs") || l.startsWith("cycles") || l.startsWith("energy"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @ParameterizedTest
    @CsvSource({"bert-fixture.onnx, bert-fixture.json", "bert-fixture-int8.onnx, bert-fixture.json",
            "vit-fixture.onnx, vit-fixture.json"})
    void anExportEstimatesAsTheZoosModel(String onnx, String config) {
        assertEquals(totals(fixture(config)), totals(fixture(onnx)));
    }

    @Test
    void attentionVariantsApplyToImportedModels() {
        assertEquals(totals(fixture("bert-fixture.json"), "--attention", "ecoformer"),
                totals(fixture("bert-fixture.onnx"), "--attention", "ecoformer"));
    }

    @Test
    void aSweepRunsOnAnImportedModel() {
        CliRun run = CliRun.of("sweep-seq", "--model", fixture("gpt2-fixture.onnx"), "--seq", "32,64",
                "--attention", "softmax,linear", "--out", dir.resolve("sweep").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("gpt2-fixture.onnx"), run.out());
    }

    @Test
    void unknownOpsVectorWarnsAndCostsTheOperator() {
        CliRun run = CliRun.of("estimate", "--model", fixture("unknown-op.onnx"), "--unknown-ops", "vector",
                "--seq", "16", "--out", dir.resolve("out").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("warning: node 'custom_activation' has op type com.example.Swoosh"), run.err());
        assertTrue(run.out().contains("costed as element-wise work"), run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown operator | unknown-op.onnx                         | op type com.example.Swoosh is not known to Weft",
        "bad policy       | unknown-op.onnx --unknown-ops guess     | unknown unknown-ops policy 'guess'",
        "missing file     | absent.onnx                             | no such file",
    })
    void mistakesAreOneLineAndExit2(String name, String args, String expected) {
        String[] parts = args.trim().split("\\s+");
        parts[0] = fixture(parts[0]);
        String[] argv = concat(new String[] {"estimate", "--model"}, concat(parts,
                new String[] {"--out", dir.resolve("out").toString()}));
        BadInputTest.assertRejected(CliRun.of(argv), expected);
    }

    @Test
    void aFileThatIsNotOnnxOrIsTruncatedOrLacksItsWeightsExits2() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.onnx"), "not a model");
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", notes.toString(), "--out", dir.resolve("o").toString()),
                "not an ONNX model");
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("bert-fixture.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 3));
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", cut.toString(), "--out", dir.resolve("o").toString()),
                "truncated ONNX file");
        Path alone = Files.copy(FIXTURES.resolve("external-weights.onnx"), dir.resolve("alone.onnx"));
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", alone.toString(), "--out", dir.resolve("o").toString()),
                "external file 'external-weights.bin' that is missing");
    }
}
