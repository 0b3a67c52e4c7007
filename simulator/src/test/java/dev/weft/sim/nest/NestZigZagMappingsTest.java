package dev.weft.sim.nest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Operand;
import dev.weft.nest.Loop;
import dev.weft.nest.NestCost;
import dev.weft.nest.NestCostModel;
import dev.weft.nest.NestMapping;
import dev.weft.nest.NestProblem;
import dev.weft.nest.Unroll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ZigZag 3.8.5's own mappings of 21 transformer GEMMs on its three machines (the golden files of
 * the mapper's {@code ZigZagGoldenTest}, read from the mapper module's test resources), executed:
 * the analytic loop-nest model must lie within 10% of the simulation on each, as it must on
 * Weft's own mappings ({@link NestHonestyTest}). Where ZigZag's latency and Weft's differ most,
 * the simulation says which is right: it prints all three.
 */
class NestZigZagMappingsTest {
    private static final Path GOLDEN = Path.of("..", "mapper", "src", "test", "resources", "zigzag");

    @Test
    void analyticModelWithinTenPercentOfSimulationOnZigZagsMappings() throws Exception {
        Map<String, String> presets = Map.of("tpu_like", "zigzag-tpu-like", "edge_tpu_like", "zigzag-edge-tpu-like",
                "ascend_like", "zigzag-ascend-like");
        for (String machine : List.of("tpu_like", "edge_tpu_like", "ascend_like")) {
            JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve(machine + "-gemm.json").toFile());
            Architecture arch = ArchitectureLoader.preset(presets.get(machine));
            for (JsonNode run : golden.get("runs")) {
                JsonNode gemm = run.get("gemm");
                long m = gemm.get("M").asLong();
                long n = gemm.get("N").asLong();
                long k = gemm.get("K").asLong();
                NestProblem problem = NestProblem.gemm(run.get("workload").asText(), 1, m, n, k);
                JsonNode layer = run.get("layers").get(0);
                NestMapping mapping = zigzagMapping(layer);
                NestCost cost = new NestCostModel(arch.hierarchy()).evaluate(problem, mapping);
                NestRun sim = new NestSimulator(arch.hierarchy()).simulate(1, m, n, k,
                        mapping.toSchedule(arch.hierarchy()), machine + "-gemm.json");
                double zz = layer.get("latency").get("latency_total2_cc").asDouble();
                double ratio = sim.cycles() / (double) cost.cycles();
                System.out.printf(Locale.ROOT, "%s %s: ZigZag %.0f, analytic %d, simulated %d cycles (simulated/analytic"
                        + " %.4f, simulated/ZigZag %.4f)%n", machine, run.get("workload").asText(), zz, cost.cycles(),
                        sim.cycles(), ratio, sim.cycles() / zz);
                assertTrue(Math.abs(ratio - 1) <= 0.10, machine + " " + run.get("workload").asText() + ": simulated "
                        + sim.cycles() + ", analytic " + cost.cycles());
            }
        }
    }

    /**
     * The same on ZigZag's mappings of ResNet-18's 21 convolution and FC layers, with the ZigZag
     * figure beside them: where Weft's latency and ZigZag's part (the stride-2 layers), the
     * simulation sides with one.
     */
    @Test
    void analyticModelWithinTenPercentOfSimulationOnZigZagsConvolutions() throws Exception {
        Map<String, String> presets = Map.of("tpu_like", "zigzag-tpu-like", "edge_tpu_like", "zigzag-edge-tpu-like",
                "ascend_like", "zigzag-ascend-like");
        Map<String, Integer> dims = Map.of("G", NestProblem.B, "B", NestProblem.M, "D", NestProblem.M, "K",
                NestProblem.N, "C", NestProblem.K, "OY", NestProblem.P, "OX", NestProblem.Q, "FY", NestProblem.R,
                "FX", NestProblem.S);
        for (String machine : List.of("tpu_like", "edge_tpu_like", "ascend_like")) {
            JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve(machine + "-resnet18.json").toFile());
            Architecture arch = ArchitectureLoader.preset(presets.get(machine));
            for (JsonNode layer : golden.get("runs").get(0).get("layers")) {
                NestProblem problem = problem(layer.get("layer"), dims);
                NestMapping mapping = zigzagMapping(layer, dims);
                NestCost cost = new NestCostModel(arch.hierarchy()).evaluate(problem, mapping);
                NestRun sim = new NestSimulator(arch.hierarchy()).simulate(problem.sizes(), problem.strides(),
                        problem.inputSizes(), mapping.toSchedule(arch.hierarchy()), machine + "-resnet18.json");
                double zz = layer.get("latency").get("latency_total2_cc").asDouble();
                double ratio = sim.cycles() / (double) cost.cycles();
                String name = layer.get("layer").get("name").asText();
                System.out.printf(Locale.ROOT, "%s %s: ZigZag %.0f, analytic %d, simulated %d cycles (simulated/analytic"
                        + " %.4f, simulated/ZigZag %.4f)%n", machine, name, zz, cost.cycles(), sim.cycles(), ratio,
                        sim.cycles() / zz);
                assertTrue(Math.abs(ratio - 1) <= 0.10, machine + " " + name + ": simulated " + sim.cycles()
                        + ", analytic " + cost.cycles());
            }
        }
    }

    /** A ResNet layer as ZigZag parsed it: loop sizes, strides from its relations, the input's side from its size. */
    private static NestProblem problem(JsonNode layer, Map<String, Integer> dims) {
        long[] sizes = {1, 1, 1, 1, 1, 1, 1, 1};
        layer.get("loop_dim_sizes").fields().forEachRemaining(e -> sizes[dims.get(e.getKey())] = e.getValue().asLong());
        long[] strides = {1, 1};
        long[] inputs = {1, 1};
        for (JsonNode relation : layer.get("dimension_relations")) {
            String text = relation.asText();
            int axis = text.startsWith("IY") ? 0 : 1;
            strides[axis] = Long.parseLong(text.substring(text.indexOf('=') + 2, text.indexOf('*')));
            inputs[axis] = Math.round(Math.sqrt(layer.get("operand_size_elem").get("I").asDouble()
                    / (sizes[NestProblem.M] * sizes[NestProblem.K] * sizes[NestProblem.B])));
        }
        double macs = layer.get("total_mac_count").asDouble();
        return new NestProblem(layer.get("name").asText(), sizes, macs, strides, inputs);
    }

    /** As the mapper's {@code ZigZagGoldenTest} reads it: D is m, C is k, K is n; the loop order is the output's. */
    static NestMapping zigzagMapping(JsonNode layer) {
        return zigzagMapping(layer, Map.of("D", NestProblem.M, "C", NestProblem.K, "K", NestProblem.N,
                "B", NestProblem.B));
    }

    /** ZigZag's chosen mapping, its loop dimensions named by {@code dims}. */
    static NestMapping zigzagMapping(JsonNode layer, Map<String, Integer> dims) {
        List<Unroll> unrolls = new ArrayList<>();
        JsonNode oa = layer.get("spatial_mapping").get("user_oa_dims");
        for (Iterator<String> names = oa.fieldNames(); names.hasNext(); ) {
            String arrayDim = names.next();
            for (Iterator<Map.Entry<String, JsonNode>> f = oa.get(arrayDim).fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = f.next();
                if (dims.containsKey(entry.getKey()) && entry.getValue().asInt() > 1) {
                    unrolls.add(new Unroll(arrayDim, dims.get(entry.getKey()), entry.getValue().asInt()));
                }
            }
        }
        JsonNode temporal = layer.get("temporal_mapping").get("per_operand_per_mem_level_inner_to_outer");
        List<Loop> loops = new ArrayList<>();
        for (JsonNode level : temporal.get("O")) {
            for (JsonNode loop : level) {
                loops.add(new Loop(dims.get(loop.get(0).asText()), loop.get(1).asLong()));
            }
        }
        Map<Operand, int[]> cuts = new EnumMap<>(Operand.class);
        Map<Operand, String> keys = Map.of(Operand.INPUT, "I", Operand.WEIGHT, "W", Operand.OUTPUT, "O");
        for (Operand operand : Operand.values()) {
            JsonNode levels = temporal.get(keys.get(operand));
            int[] levelCuts = new int[levels.size()];
            int sum = 0;
            for (int i = 0; i < levels.size(); i++) {
                sum += levels.get(i).size();
                levelCuts[i] = sum;
            }
            cuts.put(operand, levelCuts);
        }
        return new NestMapping(unrolls, loops, cuts);
    }
}
