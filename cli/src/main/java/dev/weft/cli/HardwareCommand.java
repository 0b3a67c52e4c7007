package dev.weft.cli;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PresetInfo;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hardware", mixinStandardHelpOptions = true,
        description = "List the hardware presets. Use one with --hw NAME, or describe your own in YAML and pass --hw FILE.")
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
        out.flush();
    }
}
