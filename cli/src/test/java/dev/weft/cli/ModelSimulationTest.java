package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.sim.model.SimulatedOperator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A whole model through the simulator: both engines agree, and the results add up. */
class ModelSimulationTest {

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({
        "bert-tiny, softmax,   systolic-32x32-int8",
        "bert-tiny, ecoformer, edge-xnor-int8",
        "bert-tiny, softmax,   systolic-32x32-int8-sparse24",
    })
    void fastAndCycleEnginesAgreeOnAWholeModel(String model, String attention, String preset) {
        Architecture arch = ArchitectureLoader.preset(preset);
        WorkloadSpec spec = new WorkloadSpec(1, 64, 0, Phase.PREFILL, 0, AttentionKind.parse(attention, "a", null),
                preset.endsWith("sparse24") ? StorageFormat.parseSparsity("2:4", "s", null) : StorageFormat.DENSE,
                arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Workload workload = ModelZoo.build(model, spec);
        Estimator.Estimate estimate = Estimator.run(workload, arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1), done -> { });
        ArchEnergyTable energy = new ArchEnergyTable(arch);
        ModelSimulator.Simulation simulation = new ModelSimulator(arch, 30, Engine.FAST).run(workload,
                estimate.schedule(), energy, null, "none", done -> { });
        Results fast = simulation.results();
        // both backends count the same compute actions, operator by operator, for the one table to price
        Map<String, ActionCounts> analytic = new HashMap<>();
        estimate.mapped().forEach(mapped -> analytic.put(mapped.operator().name(), mapped.cost().actions()));
        for (SimulatedOperator simulated : simulation.operators()) {
            assertEquals(analytic.get(simulated.operator().name()).compute(), simulated.actions().compute(),
                    simulated.operator().name());
        }
        Results slow = new ModelSimulator(arch, 30, Engine.CYCLE).run(workload, estimate.schedule(), energy, null,
                "none", done -> { }).results();
        assertEquals(fast.totals().cycles(), slow.totals().cycles());
        assertEquals(fast.totals().stallCycles(), slow.totals().stallCycles());
        assertEquals(fast.totals().energyPj(), slow.totals().energyPj(), 1e-6 * fast.totals().energyPj());
        assertEquals(fast.totals().cycles(), fast.layers().stream().mapToLong(Results.Layer::cycles).sum());
        // the simulator prices with the same components as the analytic arch model
        assertEquals(estimate.results().totals().energyBreakdownPj().keySet(), fast.totals().energyBreakdownPj().keySet());
        // simulated DRAM traffic is what the analytic model moves, to the byte, for these mappings
        assertEquals(estimate.results().totals().trafficBytes().get("DRAM"), fast.totals().trafficBytes().get("DRAM"),
                1e-6 * fast.totals().trafficBytes().get("DRAM"));
        assertTrue(fast.totals().utilization() > 0 && fast.totals().utilization() <= 1);
    }
}
