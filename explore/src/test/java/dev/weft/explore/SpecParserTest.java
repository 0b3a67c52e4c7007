package dev.weft.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpecParserTest {

    @Test
    void shippedSweepHasTheIssuesSpace() {
        ExploreSpec spec = SpecParser.load(Path.of("../examples/explore/systolic-sweep.yaml"));
        // 6 arrays (8x8 .. 256x256) x 8 buffers (64 KiB .. 8 MiB) x 6 DRAM bandwidths (4 .. 64 GB/s) x WS/OS
        assertEquals(6 * 8 * 6 * 2, spec.points().size());
        assertEquals(List.of("bert-base prefill seq=128", "gpt2 decode kv=1024", "vit-b16 prefill image=224"),
                spec.workloadLabels());
        assertEquals(List.of(List.of(Metric.ENERGY_PER_TOKEN, Metric.LATENCY), List.of(Metric.ENERGY_PER_TOKEN, Metric.AREA),
                List.of(Metric.LATENCY, Metric.AREA)), spec.objectivePairs());
        assertEquals("array=8/8/576 buffer_kib=64 dram_gb_s=4 dataflow=ws", spec.points().get(0).label(spec.parameters()));
        assertEquals("array=256/256/18432 buffer_kib=8192 dram_gb_s=64 dataflow=os",
                spec.points().get(575).label(spec.parameters()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed YAML|test.yaml: is not valid YAML",
        "wrong format|test.yaml: format: is 'weft-explore/9'",
        "unknown key|test.yaml: mapper.budget: is not a known key",
        "unknown path|test.yaml: parameters[1].path: unknown parameter path 'memories.GLB.size_kb'",
        "unknown list element|test.yaml: parameters[1].path: unknown parameter path 'memories.SRAM.size_kib'",
        "range with no value|test.yaml: parameters[1].range: gives no value",
        "no valid value|test.yaml: parameters[0]: no value of 'array' gives a valid architecture",
        "unknown objective|test.yaml: objectives[1]: unknown objective 'speed'",
        "unknown model|test.yaml: workloads[0].model: 'bert-tinier' is neither",
        "bad phase|test.yaml: workloads[1].phase",
        "bad sampling|test.yaml: sampling.method: is 'sobol'",
    })
    void mistakesAreOneLineNamingFileFieldAndFix(String name, String expected) {
        String edited = switch (name) {
            case "malformed YAML" -> Specs.SMALL + "parameters: [oops\n";
            case "wrong format" -> Specs.SMALL.replace("weft-explore/1", "weft-explore/9");
            case "unknown key" -> Specs.SMALL.replace("search_budget: 64", "budget: 64");
            case "unknown path" -> Specs.SMALL.replace("memories.GLB.size_kib", "memories.GLB.size_kb");
            case "unknown list element" -> Specs.SMALL.replace("memories.GLB.size_kib", "memories.SRAM.size_kib");
            case "range with no value" -> Specs.SMALL.replace("from: 64, to: 128", "from: 256, to: 128");
            case "no valid value" -> Specs.SMALL.replace("[[8, 8, 576], [16, 16, 1152]]", "[[0, 8, 576], [-1, 16, 144]]");
            case "unknown objective" -> Specs.SMALL.replace("energy_per_token, latency", "energy_per_token, speed");
            case "unknown model" -> Specs.SMALL.replace("model: bert-tiny", "model: bert-tinier");
            case "bad phase" -> Specs.SMALL.replace("phase: decode", "phase: decoding");
            case "bad sampling" -> Specs.SMALL.replace("workloads:", "sampling: {method: sobol, points: 4, seed: 1}\nworkloads:");
            default -> throw new IllegalArgumentException(name);
        };
        WeftInputException e = assertThrows(WeftInputException.class, () -> Specs.parse(edited));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().contains("(fix: "), "says the fix: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void gridVariesTheLastParameterFastest() {
        ExploreSpec spec = Specs.parse(Specs.SMALL);
        assertEquals(8, spec.points().size());
        assertEquals(List.of(0, 0, 1), spec.points().get(1).choices());
        assertEquals(List.of(0, 1, 0), spec.points().get(2).choices());
        assertEquals(List.of(1, 1, 1), spec.points().get(7).choices());
    }

    @Test
    void latinHypercubeUsesEveryStratumOnceAndRepeatsWithItsSeed() {
        String lhs = Specs.SMALL.replace("values: [ws, os]", "values: [ws, os, is, ws2]")
                .replace("workloads:", "sampling: {method: latin_hypercube, points: 4, seed: 11}\nworkloads:");
        // ws2 is no dataflow: the point that draws it is built and found infeasible, the sampler does not care
        ExploreSpec spec = Specs.parse(lhs);
        assertEquals(4, spec.points().size());
        // 4 strata over the 4 dataflows: each exactly once
        assertEquals(List.of(0, 1, 2, 3), spec.points().stream().map(p -> p.choices().get(2)).sorted().toList());
        assertEquals(spec.points(), Specs.parse(lhs).points());
        assertTrue(!spec.points().equals(Specs.parse(lhs.replace("seed: 11", "seed: 12")).points()));
    }
}
