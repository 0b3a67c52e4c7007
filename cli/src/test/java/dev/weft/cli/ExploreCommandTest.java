package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            format: weft-explore/1
            base: systolic-32x32-int8
            parameters:
              - name: dataflow
                path: array.systolic
                values: [ws, os]
            workloads:
              - {model: bert-tiny, seq: 16}
            objectives: [energy_per_token, latency]
            mapper: {seed: 1, search_budget: 32}
            """;

    private Path spec(String text) throws Exception {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void sweepsWritesItsFilesAndResumes() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("explore", spec(SPEC).toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("2 design points x 1 workloads = 2 rows (2 feasible); evaluated 2 on local"), run.out());
        for (String file : new String[] {"rows.csv", "pareto.csv", "best.csv", "report.html", "spec.yaml"}) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        CliRun again = CliRun.of("explore", dir.resolve("spec.yaml").toString(), "--out", out.toString());
        assertTrue(again.out().contains("evaluated 0 on local") && again.out().contains("2 from an earlier run"), again.out());
    }

    @Test
    void anUnknownParameterPathIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("explore", spec(SPEC.replace("array.systolic", "array.systolc")).toString(), "--out", out.toString());
        BadInputTest.assertRejected(run, "parameters[0].path: unknown parameter path 'array.systolc'");
        assertFalse(Files.exists(out), "no output directory after a rejected spec");
    }

    @Test
    void aMalformedSpecIsOneLine() throws Exception {
        CliRun run = CliRun.of("explore", spec("format: [weft").toString(), "--out", dir.resolve("out").toString());
        BadInputTest.assertRejected(run, "is not valid YAML");
    }

    @Test
    void sparkWithoutItsModuleAndMasterWithoutSparkAreOneLine() throws Exception {
        Path file = spec(SPEC);
        // the cli module's class path has no Spark: the optional module is not a dependency of weft.jar
        CliRun spark = CliRun.of("explore", file.toString(), "--out", dir.resolve("a").toString(), "--engine", "spark");
        BadInputTest.assertRejected(spark, "--engine: spark is not on the class path");
        CliRun master = CliRun.of("explore", file.toString(), "--out", dir.resolve("b").toString(), "--master", "local[2]");
        BadInputTest.assertRejected(master, "--master: applies to --engine spark only");
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "nothing written");
    }
}
