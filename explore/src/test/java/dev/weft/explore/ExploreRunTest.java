package dev.weft.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.area.AreaModel;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.workload.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreRunTest {
    @TempDir
    Path dir;

    @Test
    void aPointIsTheEstimateOfItsArchitecturePlusLeakage() {
        // one point: the preset itself, energies as the file gives them
        ExploreSpec spec = Specs.parse(Specs.SMALL.replace("values: [[8, 8, 576], [16, 16, 1152]]", "values: [[32, 32, 2304]]")
                .replace("range: {from: 64, to: 128, times: 2}", "values: [512]").replace("values: [ws, os]", "values: [ws]")
                .replace("parameters:", "sram_energy: fixed\nparameters:"));
        Row row = new PointEvaluator(spec).evaluate(spec.points().get(0), 0);
        Architecture preset = ArchitectureLoader.preset("systolic-32x32-int8");
        WorkloadCase bert = spec.workloads().get(0);
        Results direct = Estimator.run(bert.workloads().build(bert.spec(preset.nativeDtype())), preset, new ArchEnergyTable(preset),
                new Estimator.Options(1, 64, null, null), done -> { }).results();
        assertTrue(row.feasible(), row.reason());
        assertEquals(direct.totals().latencyS(), row.latencyS(), 0);
        assertEquals(direct.totals().energyPj(), row.dynamicPj(), 0);
        double leakW = AreaModel.of(preset).orElseThrow().totalLeakageW();
        assertEquals(leakW * direct.totals().latencyS() * 1e12, row.leakagePj(), 1e-9);
        assertEquals((row.dynamicPj() + row.leakagePj()) / 32, row.energyPerTokenPj(), 1e-6);
        assertEquals(2.7352, row.areaMm2(), 0.0005);
        assertEquals(32, row.tokens());
        assertEquals(new WorkloadCase("bert-tiny", Phase.PREFILL, 1, 32, 0, 0,
                dev.weft.workload.AttentionKind.SOFTMAX), bert);
    }

    @Test
    void capacityRepricesTheBufferByTheHorowitzFit() {
        ExploreSpec spec = Specs.parse(Specs.SMALL);
        Architecture small = new PointEvaluator(spec).architecture(spec.points().get(0));
        // 64 KiB GLB, 64-bit words: 100 pJ x sqrt(64 KiB / 1 MiB) = 25 pJ
        assertEquals(25.0, small.levels().get(1).readPjPerWord(), 1e-12);
        assertEquals(8, small.arrays().get(0).rows());
        assertEquals(72, small.levels().get(1).bandwidthBytesPerCycle(), 0); // 576 bits
    }

    @Test
    void brokenBudgetsAndUnbuildableDesignsAreInfeasibleRowsWithTheReason() {
        ExploreSpec spec = Specs.parse(Specs.SMALL.replace("values: [ws, os]", "values: [ws, xs]")
                .replace("objectives:", "constraints: {area_mm2: 0.5}\nobjectives:"));
        PointEvaluator evaluator = new PointEvaluator(spec);
        Row bad = evaluator.evaluate(spec.points().get(1), 0);
        assertFalse(bad.feasible());
        assertTrue(bad.reason().contains("dataflow"), bad.reason());
        Row big = evaluator.evaluate(spec.points().get(6), 0); // 16x16, 128 KiB: about 0.76 mm2
        assertFalse(big.feasible());
        assertTrue(big.reason().startsWith("area 0.7"), big.reason());
        assertTrue(big.reason().endsWith("above the 0.5000 mm2 budget"), big.reason());
    }

    @Test
    void resumedRunsSkipWhatIsThereAndEndWithTheSameBytes() throws Exception {
        ExploreSpec spec = Specs.parse(Specs.SMALL);
        Path first = dir.resolve("first");
        ExploreRun.Summary full = ExploreRun.run(spec, first, new LocalEngine(2), done -> { });
        assertEquals(16, full.evaluated());
        assertFalse(Files.exists(first.resolve(ExploreRun.PARTIAL)), "no partial file after a finished run");
        String rows = Files.readString(first.resolve(ExploreRun.ROWS));
        // as if interrupted after 5 rows: the finished file gone, 5 rows in the partial file
        List<String> lines = Files.readAllLines(first.resolve(ExploreRun.ROWS));
        Files.delete(first.resolve(ExploreRun.ROWS));
        Files.write(first.resolve(ExploreRun.PARTIAL), lines.subList(0, 6), StandardCharsets.UTF_8);
        List<Engine.Task> seen = new ArrayList<>();
        LocalEngine counting = new LocalEngine(1);
        ExploreRun.Summary resumed = ExploreRun.run(spec, first, new Engine() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void evaluate(ExploreSpec s, List<Task> tasks, java.util.function.Consumer<Row> sink) {
                seen.addAll(tasks);
                counting.evaluate(s, tasks, sink);
            }

            @Override
            public List<Pareto.Front> fronts(ExploreSpec s, List<Row> r) {
                return Pareto.fronts(s, r);
            }
        }, done -> { });
        assertEquals(11, seen.size());
        assertEquals(5, resumed.resumed());
        assertEquals(rows, Files.readString(first.resolve(ExploreRun.ROWS)));
        // one thread or two, the same bytes
        Path single = dir.resolve("single");
        ExploreRun.run(spec, single, new LocalEngine(1), done -> { });
        assertEquals(rows, Files.readString(single.resolve(ExploreRun.ROWS)));
        assertEquals(Files.readString(first.resolve(ExploreRun.PARETO)), Files.readString(single.resolve(ExploreRun.PARETO)));
        String report = Files.readString(first.resolve(ExploreRun.REPORT));
        assertTrue(report.contains("\"fronts\"") && report.contains("parallelAxis"), "report has its charts");
    }

    @Test
    void aDirectoryOfAnotherSpecIsRefused() {
        ExploreSpec spec = Specs.parse(Specs.SMALL.replace("values: [ws, os]", "values: [ws]"));
        ExploreRun.run(spec, dir.resolve("out"), new LocalEngine(2), done -> { });
        ExploreSpec other = Specs.parse(Specs.SMALL);
        WeftInputException e = assertThrows(WeftInputException.class, () -> ExploreRun.pending(other, dir.resolve("out")));
        assertTrue(e.getMessage().contains("holds a sweep of another spec"), e.getMessage());
    }
}
