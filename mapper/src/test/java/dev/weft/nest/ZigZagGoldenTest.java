package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Operand;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weft's loop-nest model against ZigZag 3.8.5 (KULeuven-MICAS/zigzag at commit 3d12a96e, run by
 * {@code scripts/peers/zigzag/zz_golden.py}; the golden files under {@code zigzag/} name the exact
 * command). Each GEMM's mapping as ZigZag's LOMA chose it is evaluated by Weft: energy within 5%
 * and latency within 10% of ZigZag's. Weft's own mapper must then do at least as well as that
 * mapping under Weft's model.
 */
class ZigZagGoldenTest {
    private static final Map<String, String> PRESETS = Map.of("tpu_like", "zigzag-tpu-like",
            "edge_tpu_like", "zigzag-edge-tpu-like", "ascend_like", "zigzag-ascend-like");

    static Stream<Arguments> runs() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String machine : List.of("tpu_like", "edge_tpu_like", "ascend_like")) {
            JsonNode golden = read("/zigzag/" + machine + "-gemm.json");
            for (JsonNode run : golden.get("runs")) {
                cases.add(Arguments.of(machine, run.get("workload").asText(), run));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void zigzagMappingCostsWhatZigZagSays(String machine, String workload, JsonNode run) {
        Hierarchy hierarchy = ArchitectureLoader.preset(PRESETS.get(machine)).hierarchy();
        JsonNode gemm = run.get("gemm");
        NestProblem problem = NestProblem.gemm(workload, 1, gemm.get("M").asLong(), gemm.get("N").asLong(),
                gemm.get("K").asLong());
        JsonNode layer = run.get("layers").get(0);
        NestMapping mapping = zigzagMapping(layer, GEMM_DIMS);
        NestCostModel model = new NestCostModel(hierarchy);
        NestCost cost = model.evaluate(problem, mapping);
        double zigzagEnergy = layer.get("energy").get("energy_total_pJ").asDouble();
        double zigzagCycles = layer.get("latency").get("latency_total2_cc").asDouble();
        System.out.printf("%s %s energy %.4g vs %.4g (%+.1f%%), cycles %d vs %.0f (%+.1f%%)%n", machine, workload,
                cost.energyPj(), zigzagEnergy, 100 * (cost.energyPj() / zigzagEnergy - 1), cost.cycles(), zigzagCycles,
                100 * (cost.cycles() / zigzagCycles - 1));
        assertEquals(zigzagEnergy, cost.energyPj(), 0.05 * zigzagEnergy, "energy of ZigZag's mapping");
        assertEquals(zigzagCycles, cost.cycles(), latencyTolerance(machine, workload) * zigzagCycles,
                "latency of ZigZag's mapping");

        // ZigZag's objective; LOMA may keep fewer loops in a memory than fit, which can shorten the
        // first load a little, so Weft's fill-first allocation is held to within 1% of it
        NestMapper mapper = new NestMapper(hierarchy, Objective.LATENCY);
        NestCost own = mapper.map(problem).orElseThrow().cost();
        System.out.printf("  Weft's own mapping: %d cycles (%+.1f%%), %.4g pJ (%+.1f%%)%n", own.cycles(),
                100 * (own.cycles() / (double) cost.cycles() - 1), own.energyPj(),
                100 * (own.energyPj() / cost.energyPj() - 1));
        assertTrue(own.cycles() <= 1.01 * cost.cycles(), "Weft's mapper within 1% of ZigZag's mapping: "
                + own.cycles() + " vs " + cost.cycles());
    }

    /**
     * 10%, except in two places where the loop-nest simulator, executing ZigZag's own mapping
     * ({@code simulator/.../nest/NestZigZagMappingsTest}), sides with Weft:
     * <ul>
     *   <li>ZigZag serialises a load that Weft streams: on tpu_like's ViT fc2 the whole input
     *       (75,648 DRAM cycles, loaded once into the 2 MB SRAM) is needed only one reduction
     *       slice at a time, and the DRAM port has spare cycles during the 453,888-cycle
     *       computation. ZigZag waits 56,737 cycles before the first MAC plus 18,910 stall cycles;
     *       Weft streams it and is 13.7% faster (simulated: 11.0% faster than ZigZag).</li>
     *   <li>ZigZag lets a load borrow spare port cycles from anywhere in the run, though its
     *       parts are first used in bursts: on ascend_like's ViT qkv the weights' first uses
     *       come a reduction slice at a time within the first pass over the rows, faster than
     *       the DRAM port delivers them. Weft waits for each burst (525,412 cycles), the
     *       simulator too (525,459); ZigZag's 453,897 is 15.8% short.</li>
     * </ul>
     */
    private static double latencyTolerance(String machine, String workload) {
        if (machine.equals("tpu_like") && workload.equals("vit_b16_mlp_fc2_3072x768")) {
            return 0.14;
        }
        return machine.equals("ascend_like") && workload.equals("vit_b16_qkv_each_or_proj_768x768") ? 0.16 : 0.10;
    }

    /** ZigZag's ONNX GEMM naming, which the golden runs use: D is m, C is k, K is n. */
    private static final Map<String, Integer> GEMM_DIMS = Map.of("D", NestProblem.M, "C", NestProblem.K,
            "K", NestProblem.N, "B", NestProblem.B);

    /**
     * ZigZag's own GEMM test (tests/main/test_origin/test_gemm_l1.py: 511,349.76 pJ and 8,191 cycles
     * for O[d0][d1] += I[d0][d2] * W[d2][d1], 128 each, on the 8x8x8 gemm_l1 machine with its
     * mapping file's fixed loop order). The conventions differ in one place: ZigZag reads every
     * partial sum back, the first visit included, where Weft skips the 256 first reads of each
     * 64-output tile; that is 5,862 pJ of L1 reads, 655 pJ of register traffic and 255 cycles of
     * the L1 output port, which this mapping keeps busy (Weft 504,832 pJ, 7,936 cycles).
     */
    @org.junit.jupiter.api.Test
    void zigzagsOwnGemmTest() throws Exception {
        JsonNode run = read("/zigzag/gemm_l1-test.json").get("runs").get(0);
        JsonNode layer = run.get("layers").get(0);
        assertEquals(511_349.76, layer.get("energy").get("energy_total_pJ").asDouble(), 1e-6);
        assertEquals(8_191, layer.get("latency").get("latency_total2_cc").asDouble());
        Hierarchy hierarchy = ArchitectureLoader.load(java.nio.file.Path.of(
                ZigZagGoldenTest.class.getResource("/arch/zigzag-gemm-l1.yaml").toURI())).hierarchy();
        NestMapping mapping = zigzagMapping(layer, Map.of("D0", NestProblem.M, "D1", NestProblem.N,
                "D2", NestProblem.K));
        NestCost cost = new NestCostModel(hierarchy).evaluate(NestProblem.gemm("gemm_l1", 1, 128, 128, 128), mapping);
        // the first visits Weft does not read back: 256 64-output tiles in L1 (one 22.9 pJ access each)
        // and, in each of the 64 output registers, 256 reads to the MACs and 256 refills from L1 at 0.02 pJ
        double skippedReadsPj = 256 * 22.9 + 2 * 256 * 64 * 0.02;
        assertEquals(511_349.76 - skippedReadsPj, cost.energyPj(), 1e-6 * 511_349.76);
        assertEquals(8_191 - 255, cost.cycles());
    }

    /** ZigZag's chosen mapping in Weft's terms, its loop dimensions named by {@code dims}; the loop order is the output's. */
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

    static JsonNode read(String resource) throws Exception {
        try (InputStream in = ZigZagGoldenTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
