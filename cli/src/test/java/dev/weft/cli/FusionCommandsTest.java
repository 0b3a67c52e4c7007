package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --fusion, --seq-lens and bound as a user runs them. */
class FusionCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void estimateWritesDramTrafficWithAndWithoutFusion() throws Exception {
        Path out = dir.resolve("bert");
        CliRun run = CliRun.of("estimate", "--model", "bert-tiny", "--seq", "256", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("with fusion all"), run.out());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals("all", results.at("/totals/dram/fusion").asText());
        double fused = 0;
        double alone = 0;
        for (JsonNode layer : results.get("layers")) {
            fused += layer.at("/dram/dram_bytes").asDouble();
            alone += layer.at("/dram/dram_bytes_unfused").asDouble();
        }
        assertEquals(fused, results.at("/totals/dram/dram_bytes").asDouble(), 1e-9 * fused);
        assertEquals(alone, results.at("/totals/dram/dram_bytes_unfused").asDouble(), 1e-9 * alone);
        assertTrue(fused < alone);
        String header = Files.readAllLines(out.resolve("results.csv")).get(0);
        assertTrue(header.endsWith("dram_bytes,dram_bytes_unfused,fusion_group"), header);
        assertTrue(Files.readString(out.resolve("schedule.json")).contains("\"fusion_groups\""));
        assertTrue(Files.readString(out.resolve("report.html")).contains("DRAM unfused"));
    }

    @Test
    void badFusionValuesAreRefused() {
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", "bert-tiny", "--fusion", "some",
                "--out", dir.resolve("x").toString()), "--fusion");
        BadInputTest.assertRejected(CliRun.of("simulate", "--model", "bert-tiny", "--fusion", "some",
                "--out", dir.resolve("y").toString()), "--fusion");
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", "bert-tiny", "--seq-lens", "37,0",
                "--out", dir.resolve("z").toString()), "--seq-lens");
        BadInputTest.assertRejected(CliRun.of("estimate", "--model", "bert-tiny", "--seq-lens", "37,64", "--seq", "64",
                "--out", dir.resolve("w").toString()), "--seq-lens");
    }

    @Test
    void packedBatchReportsThePaddedOneBeside() throws Exception {
        Path out = dir.resolve("packed");
        CliRun run = CliRun.of("estimate", "--model", "bert-tiny", "--seq-lens", "37,512,128", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("packing saves"), run.out());
        JsonNode packing = JSON.readTree(out.resolve("results.json").toFile()).get("packing");
        assertEquals(1536, packing.get("padded_tokens").asLong());
        assertEquals(677, packing.get("packed_tokens").asLong());
        assertTrue(packing.get("packed_cycles").asLong() < packing.get("padded_cycles").asLong());
    }

    @Test
    void boundPrintsTheCurveAndWritesItsJson() throws Exception {
        Path json = dir.resolve("bound.json");
        CliRun run = CliRun.of("bound", "--model", "bert-tiny", "--seq", "256", "--json", json.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("lower_bound_bytes"), run.out());
        JsonNode rows = JSON.readTree(json.toFile()).get("rows");
        assertEquals(BoundCommand.FACTORS.size(), rows.size());
        for (JsonNode row : rows) {
            assertTrue(row.get("fused_dram_bytes").asDouble() >= row.get("compulsory_bytes").asDouble() * (1 - 1e-9));
            assertTrue(row.get("unfused_dram_bytes").asDouble() >= row.get("fused_dram_bytes").asDouble());
        }
        BadInputTest.assertRejected(CliRun.of("bound", "--model", "mamba-130m", "--seq", "64"), "softmax attention");
    }
}
