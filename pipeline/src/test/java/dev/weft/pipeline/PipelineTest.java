package dev.weft.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.schedule.ScheduleJson;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages assembled: each stage's product is what the library calls it stands for would give. */
class PipelineTest {
    private static final Architecture ARCH = ArchitectureLoader.preset("systolic-32x32-int8");
    private static final WorkloadSpec TINY = new WorkloadSpec(1, 32, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
            StorageFormat.DENSE, ARCH.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);

    @Test
    void aWorkloadIsBuiltOncePerSpec() {
        AtomicInteger builds = new AtomicInteger();
        Workloads workloads = Workloads.of(spec -> {
            builds.incrementAndGet();
            return ModelZoo.build("bert-tiny", spec);
        });
        Workload first = workloads.build(TINY);
        assertSame(first, workloads.build(TINY));
        // an equal spec built separately is the same request
        assertSame(first, workloads.build(TINY.withSeq(32)));
        Workload longer = workloads.build(TINY.withSeq(64));
        assertNotSame(first, longer);
        assertEquals(2, builds.get());
        assertEquals(64, longer.spec().seq());
    }

    @Test
    void theAnalyticPipelineIsTheMappersEstimate() {
        Workload workload = ModelZoo.build("bert-tiny", TINY);
        Run run = Pipeline.analytic(ARCH, new ArchEnergyTable(ARCH), Estimator.Options.search(1)).run(workload);
        Estimator.Estimate direct = Estimator.run(workload, ARCH, new ArchEnergyTable(ARCH),
                Estimator.Options.search(1), done -> { });
        assertSame(run.estimate(), run.results());
        assertEquals(direct.results().totals().cycles(), run.results().totals().cycles());
        assertEquals(direct.results().totals().energyPj(), run.results().totals().energyPj(), 0);
        assertEquals(direct.results().layers().size(), run.results().layers().size());
        assertEquals(ScheduleJson.write(direct.schedule()), ScheduleJson.write(run.schedule()));
    }

    @Test
    void aSimulatedRunCarriesTheSimulationAndTheEstimateItFaces() {
        Workload workload = ModelZoo.build("bert-tiny", TINY);
        List<String> bars = new ArrayList<>();
        Progress recording = (task, total) -> {
            bars.add(task + " " + total);
            return Progress.NONE.open(task, total);
        };
        Run run = new Pipeline(ARCH, new ArchEnergyTable(ARCH), Estimator.Options.search(1),
                new Evaluation.Simulated(ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST), recording)
                .run(workload);
        int operators = workload.operators().size();
        assertEquals(List.of("mapping " + operators, "simulating " + operators), bars);
        Results alone = new ModelSimulator(ARCH, ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST)
                .run(workload, run.schedule(), new ArchEnergyTable(ARCH), run.estimate().mapper(), "none", done -> { })
                .results();
        assertEquals(alone.totals().cycles(), run.results().totals().cycles());
        assertEquals(alone.totals().energyPj(), run.results().totals().energyPj(), 0);
        for (int i = 0; i < operators; i++) {
            assertEquals(run.estimate().layers().get(i).cycles(), run.results().layers().get(i).estimatedCycles());
        }
    }

    @Test
    void aManyCoreDeviceIsRefusedWhenTheSimulatedPipelineIsAssembled() {
        Architecture gpu = ArchitectureLoader.preset("a100-sxm-40gb");
        WeftInputException refused = assertThrows(WeftInputException.class, () -> new Pipeline(gpu,
                new ArchEnergyTable(gpu), Estimator.Options.search(1), new Evaluation.Simulated(0, Engine.FAST),
                Progress.NONE));
        assertTrue(refused.getMessage().contains("cores.count"), refused.getMessage());
        // the analytic evaluation deals its tiles to the cores in waves
        Pipeline.analytic(gpu, new ArchEnergyTable(gpu), Estimator.Options.search(1));
    }

    @Test
    void aNegativeDramLatencyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Evaluation.Simulated(-1, Engine.FAST));
    }

    @Test
    void theWrittenScheduleReplaysToTheSameResults(@TempDir Path dir) throws Exception {
        Workload workload = ModelZoo.build("bert-tiny", TINY);
        Pipeline pipeline = Pipeline.analytic(ARCH, new ArchEnergyTable(ARCH), Estimator.Options.search(7));
        Run run = pipeline.run(workload);
        Path out = ResultsWriter.write(run.schedule(), dev.weft.reports.ReportData.of(run.results()),
                dir.resolve("out"), Map.of("note.txt", "kept\n"));
        for (String file : List.of("results.json", "results.csv", "schedule.json", "report.html")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertEquals("kept\n", Files.readString(out.resolve("note.txt")));
        Path schedule = out.resolve("schedule.json");
        Run replayed = Pipeline.analytic(ARCH, new ArchEnergyTable(ARCH), new Estimator.Options(1, 1,
                ScheduleJson.read(schedule), schedule.toString())).run(workload);
        assertTrue(replayed.results().mapper().replayedSchedule());
        assertEquals(run.results().totals().cycles(), replayed.results().totals().cycles());
        assertEquals(run.results().totals().energyPj(), replayed.results().totals().energyPj(), 0);
    }

    @Test
    void countsPast64BitsAreAUserErrorNotAWrappedNumber() {
        Workload huge = dev.weft.workload.GemmWorkload.of(1L << 30, 1L << 22, 1L << 22, 1, ARCH.nativeDtype());
        WeftInputException refused = assertThrows(WeftInputException.class,
                () -> Pipeline.analytic(ARCH, new ArchEnergyTable(ARCH), Estimator.Options.search(1)).run(huge));
        assertTrue(refused.getMessage().contains("too large to count"), refused.getMessage());
    }
}
