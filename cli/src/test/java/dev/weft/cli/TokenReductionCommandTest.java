package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --token-merge} and {@code --keep} end to end through estimate and compare. */
class TokenReductionCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void estimateMergesTokensOnDeitS(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("estimate", "--model", "deit-s", "--token-merge", "13", "--out", dir.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
        // ToMe (Bolya et al., ICLR 2023): DeiT-S at r = 13 is 2.7 GFLOPs (= GMACs); see TokenReductionTest
        assertEquals(2.706e9, results.at("/totals/macs").asDouble(), 0.005e9);
        List<String> names = new ArrayList<>();
        results.get("layers").forEach(layer -> names.add(layer.get("name").asText()));
        assertTrue(names.contains("layer0.merge.match"), "the matching is an operator of its own");
        assertTrue(names.contains("layer1.attn.size_bias"), "proportional attention is counted");
    }

    @Test
    void comparePrunesTokensOnDeitS(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("compare", "--model", "deit-s", "--attention", "softmax,linear", "--keep",
                "1,1,1,0.7,0.7,0.7,0.49,0.49,0.49,0.343", "--out", dir.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode rows = JSON.readTree(dir.resolve("comparison.json").toFile());
        // DynamicViT-S/0.7 (Rao et al., NeurIPS 2021): 2.9 GFLOPs; 2.98 G here with its predictors counted
        assertEquals(2.981e9, rows.get(0).get("macs").asDouble(), 0.005e9);
    }
}
