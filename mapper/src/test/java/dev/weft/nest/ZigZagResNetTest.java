package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weft's loop-nest model against ZigZag 3.8.5 on the 21 convolution and FC layers of ResNet-18
 * (ZigZag's shipped {@code resnet18.onnx}, run whole by {@code scripts/peers/zigzag/zz_golden.py};
 * the golden files {@code zigzag/<machine>-resnet18.json} name the command and commit). Each
 * layer's mapping as ZigZag's LOMA chose it is evaluated by Weft: energy within 5% and latency
 * within 10% of ZigZag's.
 */
class ZigZagResNetTest {
    private static final Map<String, String> PRESETS = Map.of("tpu_like", "zigzag-tpu-like",
            "edge_tpu_like", "zigzag-edge-tpu-like", "ascend_like", "zigzag-ascend-like");
    /** ZigZag's convolution loop dimensions in Weft's, and its ONNX Gemm's rows D. */
    static final Map<String, Integer> CONV_DIMS = Map.of("G", NestProblem.B, "B", NestProblem.M, "K", NestProblem.N,
            "C", NestProblem.K, "OY", NestProblem.P, "OX", NestProblem.Q, "FY", NestProblem.R, "FX", NestProblem.S,
            "D", NestProblem.M);
    private static final Pattern RELATION = Pattern.compile("I([XY]) = (\\d+)\\*O[XY] \\+ (\\d+)\\*F[XY]");

    static Stream<Arguments> layers() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String machine : List.of("tpu_like", "edge_tpu_like", "ascend_like")) {
            JsonNode golden = ZigZagGoldenTest.read("/zigzag/" + machine + "-resnet18.json");
            for (JsonNode layer : golden.get("runs").get(0).get("layers")) {
                cases.add(Arguments.of(machine, layer.get("layer").get("name").asText(), layer));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layers")
    void zigzagMappingCostsWhatZigZagSays(String machine, String name, JsonNode layer) {
        Hierarchy hierarchy = ArchitectureLoader.preset(PRESETS.get(machine)).hierarchy();
        NestProblem problem = problem(layer.get("layer"));
        NestMapping mapping = ZigZagGoldenTest.zigzagMapping(layer, CONV_DIMS);
        NestCost cost = new NestCostModel(hierarchy).evaluate(problem, mapping);
        double zigzagEnergy = layer.get("energy").get("energy_total_pJ").asDouble();
        double zigzagCycles = layer.get("latency").get("latency_total2_cc").asDouble();
        System.out.printf("%s %s energy %.4g vs %.4g (%+.1f%%), cycles %d vs %.0f (%+.1f%%)%n", machine, name,
                cost.energyPj(), zigzagEnergy, 100 * (cost.energyPj() / zigzagEnergy - 1), cost.cycles(), zigzagCycles,
                100 * (cost.cycles() / zigzagCycles - 1));
        if (System.getProperty("weft.debug") != null) {
            cost.accesses().forEach((mem, ops) -> ops.forEach((op, a) -> System.out.printf("   %s %s %.4g%n", mem, op, a.energyPj())));
            System.out.println("   zz " + layer.get("energy").get("mem_energy_breakdown_per_level") + " " + layer.get("memory_levels") + " " + layer.get("temporal_mapping").get("stationary_merged_down"));
        }
        assertEquals(zigzagEnergy, cost.energyPj(), 0.05 * zigzagEnergy, "energy of ZigZag's mapping");
        assertEquals(zigzagCycles, cost.cycles(), 0.10 * zigzagCycles, "latency of ZigZag's mapping");
    }

    /**
     * The layer as ZigZag parsed it: its loop sizes, the strides of its dimension relations
     * ({@code IX = 2*OX + 1*FX}) and the input's unpadded rows and columns (square, from the
     * input's element count).
     */
    static NestProblem problem(JsonNode layer) {
        JsonNode sizes = layer.get("loop_dim_sizes");
        long[] dims = {1, 1, 1, 1, 1, 1, 1, 1};
        for (Map.Entry<String, Integer> entry : CONV_DIMS.entrySet()) {
            if (sizes.has(entry.getKey())) {
                dims[entry.getValue()] = sizes.get(entry.getKey()).asLong();
            }
        }
        long[] strides = {1, 1};
        long[] inputSizes = {1, 1};
        for (JsonNode relation : layer.get("dimension_relations")) {
            Matcher matcher = RELATION.matcher(relation.asText());
            if (!matcher.matches() || !matcher.group(3).equals("1")) {
                throw new IllegalArgumentException("unexpected dimension relation " + relation);
            }
            strides[matcher.group(1).equals("Y") ? 0 : 1] = Long.parseLong(matcher.group(2));
        }
        if (layer.get("dimension_relations").size() > 0) {
            double plane = layer.get("operand_size_elem").get("I").asDouble() / (dims[NestProblem.M] * dims[NestProblem.K]
                    * dims[NestProblem.B]);
            long side = Math.round(Math.sqrt(plane));
            inputSizes = new long[] {side, side};
        }
        double macs = 1;
        for (long size : dims) {
            macs *= size;
        }
        assertEquals(layer.get("total_mac_count").asDouble(), macs, "MACs of " + layer.get("name"));
        return new NestProblem(layer.get("name").asText(), dims, macs, strides, inputSizes);
    }
}
