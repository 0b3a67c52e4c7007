package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.fusion.Fusion;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import dev.weft.sim.Engine;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Split-K decode simulated from the schedule's own split (each fusion group's {@code kv_splits}) and held within
 * 10% of the analytic model core by core, on the 32x32 array with one HBM2 stack
 * ({@code examples/hardware/systolic-32x32-int8-hbm.yaml}), where decode attention waits for the array, not DRAM.
 * Also the simulated fusion totals: the same fields as the estimate's, from the simulation.
 */
class SplitKSimulationTest {
    private static final Path HBM = Path.of("../examples/hardware/systolic-32x32-int8-hbm.yaml");

    private static Workload decode(Architecture arch, int kv) {
        return ModelZoo.build("llama-tiny", new WorkloadSpec(1, 1, 0, Phase.DECODE, kv, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS));
    }

    private static ModelSimulator.Simulation simulate(Workload workload, Architecture arch, Estimator.Estimate estimate) {
        return new ModelSimulator(arch, ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST).run(workload,
                estimate.schedule(), new ArchEnergyTable(arch), estimate.results().mapper(),
                estimate.results().totals().dram().fusion(), done -> { });
    }

    @ParameterizedTest(name = "llama-tiny decode, KV {0}")
    @ValueSource(ints = {256, 1024, 2048})
    void everySplitCoreWithinTenPercentOfTheAnalyticModel(int kv) {
        Architecture arch = ArchitectureLoader.load(HBM);
        Workload workload = decode(arch, kv);
        Estimator.Estimate estimate = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1).withFusion(Fusion.ATTENTION), done -> { });
        List<FusionGroup> blocked = estimate.schedule().fusionGroups().stream().filter(FusionGroup::blocked).toList();
        assertTrue(blocked.stream().allMatch(g -> g.kvSplits() != null && g.kvSplits() > 1),
                "the array-bound cores split: " + blocked);
        Results.SplitK analytic = estimate.results().totals().splitKDecode();
        Results.SplitK simulated = simulate(workload, arch, estimate).results().totals().splitKDecode();
        assertEquals(blocked.size(), simulated.cores().size());
        for (int i = 0; i < blocked.size(); i++) {
            Results.SplitKCore sim = simulated.cores().get(i);
            Results.SplitKCore model = analytic.cores().get(i);
            assertEquals(blocked.get(i).name(), sim.group());
            assertEquals((long) blocked.get(i).kvSplits(), sim.splits(), "the simulator runs the schedule's split");
            assertEquals(model.splits(), sim.splits());
            double split = sim.cyclesSplit() / (double) model.cyclesSplit();
            double unsplit = sim.cyclesUnsplit() / (double) model.cyclesUnsplit();
            assertTrue(Math.abs(split - 1) <= 0.10 && Math.abs(unsplit - 1) <= 0.10, String.format(Locale.ROOT,
                    "%s: split simulated %d analytic %d (%.3f), unsplit %d against %d (%.3f)", sim.group(),
                    sim.cyclesSplit(), model.cyclesSplit(), split, sim.cyclesUnsplit(), model.cyclesUnsplit(), unsplit));
        }
        assertTrue(simulated.speedup() > 1.5, "splitting pays on an array-bound decode: " + simulated.speedup());
    }

    /**
     * The command prints the split and writes it into schedule.json; replaying the schedule simulates the same
     * split, and a hand-edited {@code kv_splits} of 1 turns it off.
     */
    @Test
    void theScheduleCarriesTheSplitAndReplaysIt(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path first = dir.resolve("split");
        CliRun run = CliRun.of("simulate", "--model", "llama-tiny", "--phase", "decode", "--kv", "1024", "--hw",
                HBM.toString(), "--out", first.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("split-K decode simulated"), run.out());
        JsonNode group = json.readTree(first.resolve("schedule.json").toFile()).get("fusion_groups").get(0);
        long splits = group.get("kv_splits").asLong();
        assertTrue(splits > 1, group.toString());
        JsonNode split = json.readTree(first.resolve("results.json").toFile()).get("totals").get("split_k_decode");
        assertEquals(splits, split.get("cores").get(0).get("splits").asLong());

        Path again = dir.resolve("again");
        run = CliRun.of("simulate", "--model", "llama-tiny", "--phase", "decode", "--kv", "1024", "--hw", HBM.toString(),
                "--schedule", first.resolve("schedule.json").toString(), "--out", again.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(split, json.readTree(again.resolve("results.json").toFile()).get("totals").get("split_k_decode"));

        Path edited = dir.resolve("unsplit.json");
        Files.writeString(edited, Files.readString(first.resolve("schedule.json"))
                .replaceAll("\"kv_splits\" : \\d+", "\"kv_splits\" : 1"));
        run = CliRun.of("simulate", "--model", "llama-tiny", "--phase", "decode", "--kv", "1024", "--hw", HBM.toString(),
                "--schedule", edited.toString(), "--out", dir.resolve("unsplit").toString());
        assertEquals(0, run.status(), run.err());
        JsonNode unsplit = json.readTree(dir.resolve("unsplit").resolve("results.json").toFile()).get("totals")
                .get("split_k_decode");
        assertEquals(1, unsplit.get("splits").asLong());
        assertEquals(unsplit.get("attention_cycles_unsplit"), unsplit.get("attention_cycles_split"));

        Files.writeString(edited, Files.readString(first.resolve("schedule.json"))
                .replaceAll("\"kv_splits\" : \\d+", "\"kv_splits\" : 64"));
        run = CliRun.of("simulate", "--model", "llama-tiny", "--phase", "decode", "--kv", "1024", "--hw", HBM.toString(),
                "--schedule", edited.toString(), "--out", dir.resolve("bad").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("fusion_groups[0].kv_splits") && run.err().contains("give 1 to 32"), run.err());
    }

    /**
     * Simulated results carry the estimate's fusion totals, from the simulation: each grouped operator's DRAM
     * bytes as simulated in its group and on its own, whose sum is what the unfused schedule simulates.
     */
    @Test
    void simulatedResultsCarryTheirFusionTotals() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Workload workload = ModelZoo.build("bert-tiny", new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0,
                AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                WorkloadSpec.DEFAULT_HASH_ANCHORS));
        Estimator.Estimate fused = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1).withFusion(Fusion.ALL), done -> { });
        Estimator.Estimate none = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1).withFusion(Fusion.NONE), done -> { });
        Results simulated = simulate(workload, arch, fused).results();
        Results plain = simulate(workload, arch, none).results();
        Results.Dram dram = simulated.totals().dram();
        assertEquals("all", dram.fusion());
        assertEquals("none", plain.totals().dram().fusion());
        assertEquals(plain.totals().dram().dramBytes(), dram.dramBytesUnfused(), 1e-6);
        assertEquals(simulated.totals().trafficBytes().get("DRAM"), dram.dramBytes(), 1e-6);
        assertTrue(dram.reduction() > 1.2, "fusion saves DRAM traffic on bert-tiny: " + dram.reduction());
        for (int i = 0; i < simulated.layers().size(); i++) {
            Results.Layer layer = simulated.layers().get(i);
            assertEquals(fused.results().layers().get(i).dram().group(), layer.dram().group(), layer.name());
            assertEquals(plain.layers().get(i).dram().dramBytes(), layer.dram().dramBytesUnfused(), 1e-6, layer.name());
        }
    }
}
