package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estimate --gemm} on ZigZag's TPU-like machine: the results contract explains the loop
 * nest (energy per memory per operand, the latency split, the mapping), the CSV carries the same
 * figures, the schedule replays to the same numbers, and edits that break it are refused by field.
 */
class LoopNestEstimateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void gemmOnAWeftArch2MachineExplainsItselfAndReplays() throws Exception {
        Path out = dir.resolve("gemm");
        CliRun run = CliRun.of("estimate", "--gemm", "128,768,768", "--hw", "zigzag-tpu-like", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        JsonNode layer = results.at("/layers/0");
        assertEquals(128.0 * 768 * 768, results.at("/totals/macs").asDouble());
        JsonNode nest = layer.get("loop_nest");
        long split = nest.get("ideal_cycles").asLong() + nest.get("stall_cycles").asLong()
                + nest.get("onload_cycles").asLong() + nest.get("offload_cycles").asLong();
        assertEquals(layer.get("cycles").asLong(), split, "the latency split adds up");
        assertEquals(128L * 768 * 768 / 1024, nest.get("ideal_cycles").asLong(), "all 32x32 MACs busy");
        double perOperand = 0;
        for (String memory : List.of("dram", "sram_2MB", "rf_128B", "rf_2B")) {
            double memoryPj = 0;
            for (JsonNode pj : nest.get("energy_pj").get(memory)) {
                memoryPj += pj.asDouble();
            }
            assertEquals(layer.at("/energy_breakdown_pj/" + memory).asDouble(), memoryPj, 1e-6 * memoryPj, memory);
            perOperand += memoryPj;
        }
        assertEquals(layer.get("energy_pj").asDouble() - layer.at("/energy_breakdown_pj/compute").asDouble(),
                perOperand, 1e-6 * perOperand);
        // every input and weight byte crosses the DRAM port once at least: 98,304 + 589,824 bytes, 700 pJ a 64-bit read
        assertTrue(nest.at("/energy_pj/dram/weight").asDouble() >= 589_824 / 8.0 * 700 * (1 - 1e-9));
        assertFalse(nest.at("/energy_pj/sram_2MB").has("weight"), "weights bypass the SRAM on this machine");
        assertTrue(nest.get("mapping").get(nest.get("mapping").size() - 1).asText().contains("parallel D1: n x32"));
        String csv = Files.readString(out.resolve("results.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains("energy_dram_weight_pj,"), csv);
        assertTrue(csv.contains("ideal_cycles,stall_cycles,onload_cycles,offload_cycles"), csv);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2>Loop nests"), "report.html explains the loop nest");
        assertTrue(html.contains("parallel D1: n x32, D2: k x32"), "report.html shows the mapping");

        Path replayed = dir.resolve("replayed");
        CliRun again = CliRun.of("estimate", "--gemm", "128,768,768", "--hw", "zigzag-tpu-like", "--schedule",
                out.resolve("schedule.json").toString(), "--out", replayed.toString());
        assertEquals(0, again.status(), again.err());
        JsonNode second = JSON.readTree(replayed.resolve("results.json").toFile());
        assertEquals(results.at("/totals/energy_pj").asDouble(), second.at("/totals/energy_pj").asDouble(), 1e-9);
        assertEquals(results.at("/totals/cycles").asLong(), second.at("/totals/cycles").asLong());
        assertTrue(second.at("/mapper/replayed_schedule").asBoolean());

        JsonNode schedule = JSON.readTree(out.resolve("schedule.json").toFile());
        assertEquals("weft-schedule/2", schedule.get("format").asText());
        ObjectNode edited = schedule.deepCopy();
        ((ObjectNode) edited.at("/operators/0/nest/loops/0")).put("factor", 7);
        assertRefused(edited, "gemm.nest.loops: step");
        edited = schedule.deepCopy();
        ((ObjectNode) edited.at("/operators/0/nest/keeps/weight")).put("rf_128B", 99);
        assertRefused(edited, "gemm.nest.keeps.weight.rf_128B");
        edited = schedule.deepCopy();
        ((ObjectNode) edited.at("/operators/0/nest/spatial/0")).put("array_dim", "D7");
        assertRefused(edited, "gemm.nest.spatial[0].array_dim: 'D7' is not a dimension of the array");
    }

    @Test
    void gemmAndModelTogetherAreRefused() {
        CliRun run = CliRun.of("estimate", "--gemm", "8,8,8", "--model", "bert-tiny", "--out", dir.resolve("x").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--gemm: give either --model or --gemm, not both"), run.err());
    }

    private void assertRefused(JsonNode schedule, String expected) throws Exception {
        Path file = dir.resolve("edited.json");
        JSON.writeValue(file.toFile(), schedule);
        CliRun run = CliRun.of("estimate", "--gemm", "128,768,768", "--hw", "zigzag-tpu-like", "--schedule",
                file.toString(), "--out", dir.resolve("refused").toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");
    }
}
