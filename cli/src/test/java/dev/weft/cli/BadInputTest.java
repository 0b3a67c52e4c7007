package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every user mistake ends with exit status 2, one line on stderr that names what is wrong,
 * no stack trace, and no output directory.
 */
class BadInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown model          | --model gpt-5                                   | unknown model 'gpt-5'",
        "negative seq           | --model bert-tiny --seq -4                      | not a positive whole number",
        "zero batch             | --model bert-tiny --batch 0                     | --batch: must be positive",
        "bad sparsity           | --model bert-tiny --sparsity 5:4                | needs 0 < N <= M",
        "sparsity out of range  | --model bert-tiny --sparsity 1.5                | outside [0, 1)",
        "unknown attention      | --model bert-tiny --attention sparse            | unknown attention 'sparse'",
        "unknown phase          | --model gpt2 --phase train                      | unknown phase 'train'",
        "decode of an encoder   | --model bert-tiny --phase decode --kv 16       | decode",
        "unknown dtype          | --model bert-tiny --dtype fp64                  | unknown dtype 'fp64'",
        "dtype the array lacks  | --model bert-tiny --dtype fp32                  | can execute",
        "ops table lacks int4   | --model bert-tiny --ops-dtype int4 --energy ops-45nm | no energy for int4",
        "unknown energy model   | --model bert-tiny --energy joules               | unknown energy model",
        "unknown preset         | --model bert-tiny --hw tpu-v9                   | tpu-v9",
        "non-numeric option     | --model bert-tiny --seq many                    | --seq",
        "list where one length  | --model bert-tiny --seq 64,128                  | takes one length",
        "ellipsis without step  | --model bert-tiny --seq 64,...,512              | two lengths before it",
        "keep ratio above one   | --model deit-s --keep 1,1.5                     | outside (0, 1]",
        "keep ratio of zero     | --model deit-s --keep 1,0                       | outside (0, 1]",
        "keep schedule rising   | --model deit-s --keep 1,0.5,0.7                 | do not come back",
        "keep longer than model | --model deit-s --keep 1,1,1,1,1,1,1,1,1,1,1,1,0.5 | has 12 blocks",
        "keep not a number      | --model deit-s --keep 1,half                    | not a number",
        "merge of no tokens     | --model deit-s --token-merge 0                  | must be 1 or more",
        "prune and merge        | --model deit-s --keep 0.7 --token-merge 8       | both given",
        "merge in windows       | --model swin-t --token-merge 8                  | window attention",
        "merge in LM decode     | --model gpt2 --phase decode --kv 16 --token-merge 8 | one token per step",
    })
    void estimateRejects(String name, String args, String expected) {
        List<String> argv = new ArrayList<>(List.of("estimate"));
        argv.addAll(List.of(args.trim().split("\\s+")));
        Path out = dir.resolve("out");
        argv.addAll(List.of("--out", out.toString()));
        assertRejected(CliRun.of(argv.toArray(String[]::new)), expected);
        assertFalse(Files.exists(out), "no output directory after a rejected run");
    }

    /**
     * Guards {@code --dtype binary} on hardware without an XNOR-popcount array: the int8 MAC
     * array took the one-bit codes by sign extension and bert-tiny moved every tensor at one bit
     * (195 uJ instead of 552 uJ), although the loader refuses a binary MAC PE. The model and the
     * {@code --gemm} paths both refuse it; hardware with an XNOR array still takes it.
     */
    @Test
    void binaryIsRefusedWhereNoXnorArrayRunsIt() {
        Path out = dir.resolve("out");
        for (String[] input : List.of(new String[] {"--model", "bert-tiny"}, new String[] {"--gemm", "64,64,64"})) {
            CliRun run = CliRun.of("estimate", input[0], input[1], "--dtype", "binary", "--out", out.toString());
            assertRejected(run, "--dtype: binary needs an XNOR-popcount array");
            assertTrue(run.err().contains("drop --dtype to run at int8"), run.err());
            assertFalse(Files.exists(out), "no output directory after a rejected run");
        }
        CliRun xnor = CliRun.of("estimate", "--gemm", "64,64,64", "--dtype", "binary", "--hw", "edge-xnor-int8",
                "--out", out.toString());
        assertEquals(0, xnor.status(), xnor.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed YAML    | 'clock_mhz: [1000'   | line",
        "wrong type        | 'clock_mhz: fast'    | clock_mhz",
        "negative size     | 'size_kib: -512'     | size_kib",
    })
    void hardwareFileMistakesNameTheFileAndField(String name, String edit, String expected) throws Exception {
        String preset = new String(getClass().getResourceAsStream("/hardware/systolic-32x32-int8.yaml")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String key = edit.substring(0, edit.indexOf(':'));
        String broken = preset.replaceFirst("(?m)^(\\s*)" + key + ": .*$", "$1" + java.util.regex.Matcher
                .quoteReplacement(edit));
        Path file = dir.resolve("hw.yaml");
        Files.writeString(file, broken);
        CliRun run = CliRun.of("estimate", "--model", "bert-tiny", "--hw", file.toString(), "--out",
                dir.resolve("out").toString());
        assertRejected(run, expected);
        assertTrue(run.err().contains(file.toString()), "names the file: " + run.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sweep of one length     | sweep-seq --model gpt2 --seq 128 --out OUT                         | at least two lengths",
        "sweep of one variant    | sweep-seq --model gpt2 --seq 128,256 --attention softmax --out OUT | at least two different variants",
        "sweep past positions    | sweep-seq --model bert-tiny --seq 256,1024 --out OUT               | 512",
        "report of no directory  | report --from OUT                                                   | not a directory",
    })
    void sweepAndReportReject(String name, String args, String expected) {
        Path out = dir.resolve("out");
        String[] argv = args.trim().replace("OUT", out.toString()).split("\\s+");
        assertRejected(CliRun.of(argv), expected);
        assertFalse(Files.exists(out), "no output directory after an error");
    }

    @Test
    void reportOfADirectoryWithoutResultsSaysSo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRejected(CliRun.of("report", "--from", empty.toString()), "holds none of results.json");
    }

    static void assertRejected(CliRun run, String expected) {
        assertEquals(2, run.status(), "exit status; stderr: " + run.err());
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.startsWith("weft: error: "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    }
}
