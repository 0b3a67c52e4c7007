package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
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
        return lines(model, l -> l.startsWith("MACs") || l.startsWith("cycles") || l.startsWith("energy"), extra);
    }

    /** The parameter count (from the title) and the operation counts. */
    private String counts(String model, String... extra) {
        String all = lines(model, l -> true, extra);
        String title = all.lines().findFirst().orElseThrow();
        return title.substring(title.indexOf('(')) + "\n" + all.lines().filter(l -> l.startsWith("MACs")).findFirst()
                .orElseThrow();
    }

    private String lines(String model, Predicate<String> keep, String... extra) {
        String out = dir.resolve(Integer.toString(model.hashCode())).toString();
        String[] argv = {"estimate", "--model", model, "--seq", "128", "--out", out};
        CliRun run = CliRun.of(concat(argv, extra));
        assertEquals(0, run.status(), run.err());
        return run.out().lines().filter(keep).reduce("", (a, b) -> a + b + "\n");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Cycles and energy too: the ViT export is the zoo's graph operator for operator. */
    @Test
    void anExportEstimatesAsTheZoosModel() {
        assertEquals(totals(fixture("vit-fixture.json")), totals(fixture("vit-fixture.onnx")));
    }

    @ParameterizedTest
    @CsvSource({"bert-fixture.onnx, bert-fixture.json", "bert-fixture-int8.onnx, bert-fixture.json",
            "gpt2-fixture-int8.onnx, gpt2-fixture.json", "bert-fixture-ort.onnx, bert-fixture.json"})
    void anExportCountsAsTheZoosModel(String onnx, String config) {
        assertEquals(counts(fixture(config)), counts(fixture(onnx)));
    }

    /** An exported model has its own Q and K projections, so the zoo is compared with separate ones. */
    @Test
    void attentionVariantsApplyToImportedModels() {
        assertEquals(counts(fixture("bert-fixture.json"), "--attention", "ecoformer", "--qk-projection", "separate"),
                counts(fixture("bert-fixture.onnx"), "--attention", "ecoformer"));
    }

    @Test
    void aSweepRunsOnAnImportedModel() {
        CliRun run = CliRun.of("sweep-seq", "--model", fixture("gpt2-fixture.onnx"), "--seq", "32,64",
                "--attention", "softmax,linear", "--out", dir.resolve("sweep").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("gpt2-fixture.onnx"), run.out());
    }

    @Test
    void extendContextIsForZooModelsOnly() {
        BadInputTest.assertRejected(CliRun.of("sweep-seq", "--model", fixture("gpt2-fixture.onnx"), "--seq", "32,64",
                "--extend-context", "--out", dir.resolve("sweep").toString()), "--extend-context");
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

    private CliRun estimate(Path model) {
        return CliRun.of("estimate", "--model", model.toString(), "--out", dir.resolve("o").toString());
    }

    @Test
    void aFileThatIsNotOnnxOrIsTruncatedOrLacksItsWeightsExits2() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.onnx"), "not a model");
        BadInputTest.assertRejected(estimate(notes), "not an ONNX model");
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("bert-fixture.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 3));
        BadInputTest.assertRejected(estimate(cut), "truncated ONNX file");
        Path alone = Files.copy(FIXTURES.resolve("external-weights.onnx"), dir.resolve("alone.onnx"));
        BadInputTest.assertRejected(estimate(alone), "external file 'external-weights.bin' that is missing");
    }
}
