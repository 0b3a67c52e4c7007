package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.cost.EnergyModel;
import dev.weft.mapper.Estimator;
import dev.weft.schedule.Schedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Map a model onto the hardware and estimate cycles, latency and energy per layer.",
                "Writes DIR/results.json (the results contract), results.csv (a row per operator), "
                        + "schedule.json (replay it with --schedule) and report.html."})
final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Mixin
    MappingOptions mapping;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the results.")
    Path out;

    @Override
    public Integer call() {
        Architecture arch = options.architecture();
        EnergyModel energy = options.energyModel(arch);
        Schedule replay = mapping.replay();
        Estimator.Estimate estimate = Runs.estimate(options.workload(options.spec(mapping.attention(), arch)), arch,
                energy,
                options.seed, options.searchBudget, replay, mapping.replaySource(), "mapping");
        PrintWriter stdout = spec.commandLine().getOut();
        ResultsTable.print(estimate.results(), stdout);
        Path written = Runs.write(estimate, out);
        stdout.println("wrote " + written.resolve("results.json") + ", results.csv, schedule.json, report.html");
        stdout.flush();
        return 0;
    }
}
