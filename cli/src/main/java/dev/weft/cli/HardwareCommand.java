package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PresetInfo;
import dev.weft.arch.RunCosts;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hardware", mixinStandardHelpOptions = true,
        description = {"List the hardware presets. Use one with --hw NAME, or describe your own in YAML and pass --hw FILE.",
            "GPU presets also say what a real run pays beyond their peaks, overridable in a weft-arch/2 file: "
                    + "runtime: {dram_sustained_gb_per_s, kernel_launch_us} (kernel_launch_us: 0 for a run from a "
                    + "CUDA graph) and interconnect.achieved_gb_per_s, the bandwidth collectives reach (README, "
                    + "\"Run costs\")."})
final class HardwareCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-30s %-9s %-40s %s%n", "preset", "clock", "compute", "description");
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            out.printf(Locale.ROOT, "%-30s %-9s %-40s %s%n", preset.name(),
                    String.format(Locale.ROOT, "%.0f MHz", preset.clockHz() / 1e6), preset.arraySummary(),
                    preset.description());
        }
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(preset.name());
            RunCosts costs = arch.runCosts();
            String link = arch.interconnect().filter(i -> i.achievedBytesPerS() < i.bytesPerS())
                    .map(i -> String.format(Locale.ROOT, ", collectives reach %.0f of %.0f GB/s",
                            i.achievedBytesPerS() / 1e9, i.bytesPerS() / 1e9)).orElse("");
            if (!costs.equals(RunCosts.NONE) || !link.isEmpty()) {
                out.printf(Locale.ROOT, "run costs of %s: DRAM sustains %s, %.1f us a kernel%s%n", preset.name(),
                        costs.dramSustainedBytesPerS() > 0
                                ? String.format(Locale.ROOT, "%.0f GB/s", costs.dramSustainedBytesPerS() / 1e9) : "its peak",
                        costs.kernelLaunchS() * 1e6, link);
            }
        }
        out.flush();
    }
}
