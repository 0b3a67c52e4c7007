package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.mapper.Estimator;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Run;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench sim}: simulated cycles per second and wall time of BERT-base prefill at 512
 * tokens on the 128x128 and 32x32 presets, fast engine (median of runs after a warm-up)
 * against the cycle-stepped engine timed once in the same run; both must give the same cycles.
 */
final class SimBench {
    /** One row of the simulator benchmark. */
    record Row(String hardware, String engine, int operators, long cycles, double seconds, double cyclesPerSecond,
               double speedupVsCycleEngine) {
    }

    private SimBench() {
    }

    static List<Row> run(int runs, PrintWriter out) {
        List<Row> rows = new ArrayList<>();
        String format = "%-24s %-7s %5s %16s %10s %16s %10s%n";
        out.printf(Locale.ROOT, format, "hardware", "engine", "ops", "cycles", "time [s]", "cycles/s", "speed-up");
        for (String preset : List.of("systolic-128x128-int8", "systolic-32x32-int8")) {
            Architecture arch = ArchitectureLoader.preset(preset);
            WorkloadSpec spec = new WorkloadSpec(1, 512, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                    StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                    WorkloadSpec.DEFAULT_HASH_ANCHORS);
            Workload model = ModelZoo.build("bert-base", spec);
            // the simulate stage alone, timed on each engine, on the pipeline's mapping
            Run estimate = Pipeline.analytic(arch, new ArchEnergyTable(arch), Estimator.Options.search(1)).run(model);
            ModelSimulator fast = new ModelSimulator(arch, ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.FAST);
            ModelSimulator slow = new ModelSimulator(arch, ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES, Engine.CYCLE);
            ArchEnergyTable energy = new ArchEnergyTable(arch);
            ModelSimulator.Simulation warm = fast.run(model, estimate.schedule(), energy, null, "none", done -> { });
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                seconds[i] = fast.run(model, estimate.schedule(), energy, null, "none", done -> { }).wallSeconds();
            }
            Arrays.sort(seconds);
            ModelSimulator.Simulation cycle = slow.run(model, estimate.schedule(), energy, null, "none", done -> { });
            if (cycle.cycles() != warm.cycles()) {
                throw new IllegalStateException("engines disagree on " + preset + ": fast " + warm.cycles()
                        + " cycles, cycle-stepped " + cycle.cycles());
            }
            double fastSeconds = seconds[runs / 2];
            for (Row row : List.of(
                    new Row(preset, "fast", model.operators().size(), warm.cycles(), fastSeconds,
                            warm.cycles() / fastSeconds, cycle.wallSeconds() / fastSeconds),
                    new Row(preset, "cycle", model.operators().size(), cycle.cycles(), cycle.wallSeconds(),
                            cycle.cycles() / cycle.wallSeconds(), 1))) {
                rows.add(row);
                out.printf(Locale.ROOT, format, row.hardware(), row.engine(), row.operators(),
                        String.format(Locale.ROOT, "%,d", row.cycles()), String.format(Locale.ROOT, "%.4f", row.seconds()),
                        String.format(Locale.ROOT, "%,.0f", row.cyclesPerSecond()),
                        String.format(Locale.ROOT, "%.0fx", row.speedupVsCycleEngine()));
            }
            out.flush();
        }
        out.println("BERT-base prefill, 512 tokens; fast: median of " + runs + " runs after a warm-up; cycle: one run; "
                + "speed-up: wall time of the cycle-stepped engine over the fast one (same cycles, checked).");
        return rows;
    }
}
