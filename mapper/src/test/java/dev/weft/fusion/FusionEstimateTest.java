package dev.weft.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.Mapper;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fusion through the whole estimate: traffic by hand, the done-when figures, replay. */
class FusionEstimateTest {
    private static final String LLAMA_32K = "src/test/resources/models/llama-2-7b-32k/config.json";

    static Workload model(String model, Architecture arch, Phase phase, int seqOrKv) {
        boolean decode = phase == Phase.DECODE;
        return ModelZoo.build(model, new WorkloadSpec(1, decode ? 1 : seqOrKv, 0, phase, decode ? seqOrKv : 0,
                AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS));
    }

    static Estimator.Estimate estimate(Workload workload, Architecture arch, Fusion fusion) {
        return Estimator.run(workload, arch, new ArchEnergyTable(arch), Estimator.Options.search(1).withFusion(fusion),
                done -> { });
    }

    private static Map<String, Results.Layer> layers(Results results) {
        return results.layers().stream().collect(Collectors.toMap(Results.Layer::name, l -> l));
    }

    @Test
    void bertTinyAttentionReadsQueriesKeysValuesAndWritesTheOutputOnce() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Results results = estimate(model("bert-tiny", arch, Phase.PREFILL, 256), arch, Fusion.ATTENTION).results();
        Map<String, Results.Layer> layers = layers(results);
        for (int layer = 0; layer < 2; layer++) {
            String core = "layer" + layer + ".attn.core";
            // 2 heads of 256 x 64 int8: the score product reads Q and K once (2 x 2 x 16384), the context
            // product reads V once and writes O once (2 x 2 x 16384); the 256 x 256 scores never leave the chip
            assertEquals(65536, layers.get(core + ".scores").dram().dramBytes());
            assertEquals(65536, layers.get(core + ".context").dram().dramBytes());
            assertEquals(0, layers.get(core + ".softmax").dram().dramBytes());
            assertEquals(core, layers.get(core + ".softmax").dram().group());
            // on its own the softmax reads and writes the 2 x 256 x 256 int8 scores
            assertEquals(262144, layers.get(core + ".softmax").dram().dramBytesUnfused());
        }
        assertEquals("attention", results.totals().dram().fusion());
        assertTrue(results.layers().stream().filter(l -> l.name().contains("mlp")).allMatch(l -> l.dram().group() == null),
                "attention fusion leaves the MLP alone");
    }

    @Test
    void anEpilogueKeepsTheContractionsOutputOnChip() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload workload = model("bert-tiny", arch, Phase.PREFILL, 256);
        Map<String, Results.Layer> alone = layers(estimate(workload, arch, Fusion.NONE).results());
        Estimator.Estimate fused = estimate(workload, arch, Fusion.ALL);
        Map<String, Results.Layer> layers = layers(fused.results());
        // fc1's 256 x 512 int8 output (131072 bytes) is neither written by fc1 nor read by the GELU
        Results.Layer fc1 = layers.get("layer0.mlp.fc1");
        Results.Layer gelu = layers.get("layer0.mlp.gelu");
        assertEquals(alone.get("layer0.mlp.fc1").dram().dramBytes() - 131072, fc1.dram().dramBytes());
        assertEquals(alone.get("layer0.mlp.gelu").dram().dramBytes() - 131072, gelu.dram().dramBytes());
        assertEquals("layer0.mlp.fc1.epilogue", gelu.dram().group());
        FusionGroup group = fused.schedule().fusionGroups().stream()
                .filter(g -> g.name().equals("layer0.mlp.fc1.epilogue")).findFirst().orElseThrow();
        assertEquals(List.of("layer0.mlp.fc1.out"), group.onChip());
    }

    /**
     * bert-tiny's linear attention core at 128 tokens on the 32x32 weight-stationary array (12.8 B/cycle): a
     * member pays the first load and last write-back it had alone only for the operands that still cross DRAM.
     * The context product {@code phi(Q) [128 x 64] x KV [64 x 64]}, 2 heads, buffer tile 64 x 64 x 64: 2 tiles of
     * 4 folds of 2 x 32 + 32 + 64 - 2 = 158 cycles, 2528 in all; both operands and its output stay on chip, so
     * nothing is exposed (alone it also waited 8192 / 12.8 = 640 cycles for its first tiles and 4096 / 12.8 = 320
     * for its last output). The summary {@code phi(K)^T [64 x 128] x V [128 x 64]}, tile 64 x 64 x 32: 4 tiles of
     * 2 folds of 158, 2528 cycles, the busiest (V, 2 x 8192 bytes from DRAM, takes 1280); only the first V tile
     * (32 x 64 bytes, 160 cycles) is exposed: 2688 (3168 before, with the first phi(K) tile and the write-back of
     * the on-chip summary). The simulator gives both figures exactly.
     */
    @Test
    void aLinearCoreMemberWaitsOnlyForWhatStillCrossesDram() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload workload = ModelZoo.build("bert-tiny", new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0,
                AttentionKind.LINEAR, StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS));
        Map<String, Results.Layer> layers = layers(estimate(workload, arch, Fusion.ATTENTION).results());
        assertEquals(2528, layers.get("layer0.attn.core.context").cycles());
        assertEquals(2688, layers.get("layer0.attn.core.kv").cycles());
    }

    @Test
    void noneIsThePerOperatorPath() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload workload = model("bert-base", arch, Phase.PREFILL, 128);
        Results plain = Estimator.run(workload, arch, new ArchEnergyTable(arch), Estimator.Options.search(1),
                done -> { }).results();
        Estimator.Estimate none = estimate(workload, arch, Fusion.NONE);
        assertTrue(none.schedule().fusionGroups().isEmpty());
        assertEquals(plain.totals().cycles(), none.results().totals().cycles());
        assertEquals(plain.totals().energyPj(), none.results().totals().energyPj());
        assertEquals(none.results().totals().dram().dramBytes(), none.results().totals().dram().dramBytesUnfused());
    }

    /**
     * Issue 12's done-when: Llama-2-7B prefill of 4096 tokens on the 128x128 preset. Its 24 MiB buffer holds a
     * head's keys and values (2 x 4096 x 128 bytes), so fused attention moves exactly the compulsory traffic: the
     * lower bound. The model's total falls 2.83x, not 3x: after attention, the linear layers' weights and
     * activations (re-read by their buffer tiling) are what remains.
     */
    @Test
    void llamaPrefillAttentionMeetsTheBoundAndTheModelMovesLessThanHalf() {
        Architecture arch = ArchitectureLoader.preset("systolic-128x128-int8");
        Workload workload = model("llama-2-7b", arch, Phase.PREFILL, 4096);
        Results fused = estimate(workload, arch, Fusion.ALL).results();
        double attention = fused.layers().stream().filter(l -> l.name().contains(".core."))
                .mapToDouble(l -> l.dram().dramBytes()).sum();
        // 32 layers x (Q, K, V read + O written) x 4096 tokens x 4096 int8 values
        double compulsory = 32.0 * 4 * 4096 * 4096;
        assertEquals(compulsory, attention, 1e-6 * compulsory);
        List<BoundSweep.Row> rows = BoundSweep.run(workload, arch, List.of(1.0), 1);
        assertEquals(compulsory, rows.get(0).lowerBoundBytes(), 1e-6 * compulsory);
        assertTrue(rows.get(0).fusedOverBound() <= 1.5);
        assertEquals(attention, rows.get(0).fusedDramBytes(), 1e-6 * attention);
        // measured: 126.196 GB unfused, 44.524 GB fused
        assertEquals(126.196e9, fused.totals().dram().dramBytesUnfused(), 0.001 * 126.196e9);
        assertEquals(44.524e9, fused.totals().dram().dramBytes(), 0.001 * 44.524e9);
        assertEquals(2.8343, fused.totals().dram().reduction(), 0.01 * 2.8343);
    }

    /**
     * Decode attention is bound by the KV cache: within 10% of its bytes over the DRAM bandwidth (48.57 B/cycle on
     * the 128x128 preset). Llama-2-7B knows 4096 positions; longer caches use LLaMA-2-7B-32K's config
     * (togethercomputer/LLaMA-2-7B-32K: the same model with max_position_embeddings 32768, linear rope scaling 8).
     */
    @Test
    void decodeAttentionCostsItsKvBytesAtTheDramBandwidth() {
        Architecture arch = ArchitectureLoader.preset("systolic-128x128-int8");
        for (int kv : new int[] {512, 1024, 2048, 4096, 8192, 16384, 32768}) {
            String model = kv <= 4096 ? "llama-2-7b" : LLAMA_32K;
            Results results = estimate(model(model, arch, Phase.DECODE, kv), arch, Fusion.ATTENTION).results();
            long attention = results.layers().stream().filter(l -> l.name().contains(".core."))
                    .mapToLong(Results.Layer::cycles).sum();
            // 32 layers x K and V x kv entries x 4096 int8 values
            double kvCycles = 32.0 * 2 * kv * 4096 / arch.dram().bandwidthBytesPerCycle();
            assertTrue(Math.abs(attention / kvCycles - 1) <= 0.10, "kv " + kv + ": " + attention + " cycles against "
                    + kvCycles + " for the cache's bytes");
        }
    }

    @Test
    void aScheduleReplaysItsGroupsAndAnOldOneReplaysUnfused(@TempDir Path dir) throws IOException {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload workload = model("bert-tiny", arch, Phase.PREFILL, 256);
        Estimator.Estimate fused = estimate(workload, arch, Fusion.ALL);
        Path file = dir.resolve("schedule.json");
        Files.writeString(file, ScheduleJson.write(fused.schedule()));
        Schedule read = ScheduleJson.read(file);
        Results replayed = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                new Estimator.Options(1, Mapper.DEFAULT_BUDGET, read, file.toString()), done -> { }).results();
        assertEquals(fused.results().totals().cycles(), replayed.totals().cycles());
        assertEquals(fused.results().totals().dram().dramBytes(), replayed.totals().dram().dramBytes());

        String old = Files.readString(file).replaceAll("(?s),\\s*\"fusion_groups\"\\s*:\\s*\\[.*\\]\\s*}\\s*$", "\n}\n");
        assertFalse(old.contains("fusion_groups"));
        Files.writeString(file, old);
        Results unfused = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                new Estimator.Options(1, Mapper.DEFAULT_BUDGET, ScheduleJson.read(file), file.toString()),
                done -> { }).results();
        assertEquals("none", unfused.totals().dram().fusion());
        assertEquals(estimate(workload, arch, Fusion.NONE).results().totals().cycles(), unfused.totals().cycles());

        Files.writeString(file, ScheduleJson.write(fused.schedule()).replace("\"query_block\" : 32",
                "\"query_block\" : 0"));
        WeftInputException zero = assertThrows(WeftInputException.class, () -> Estimator.run(workload, arch,
                new ArchEnergyTable(arch), new Estimator.Options(1, Mapper.DEFAULT_BUDGET, ScheduleJson.read(file),
                        file.toString()), done -> { }));
        assertTrue(zero.getMessage().contains("query_block"), zero.getMessage());
    }
}
