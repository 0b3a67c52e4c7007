package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.results.WeftVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command. User mistakes exit with status 2 and one line on stderr. */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Weft.Version.class,
        description = {"Hardware-model co-design for transformers: map a model onto an accelerator, "
                + "estimate cycles, latency and energy, and report them."},
        subcommands = {ModelsCommand.class, HardwareCommand.class, EstimateCommand.class, CompareCommand.class,
                SweepSeqCommand.class, ReportCommand.class, DemoCommand.class, BenchCommand.class, SimulateCommand.class, SpmmCommand.class, RtlCommand.class, RtlCheckCommand.class, FpgaCommand.class, DevicesCommand.class, RunCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Quick start: ./weft demo    Help on a command: ./weft help estimate"})
public final class Weft implements Runnable {
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Weft());
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            if (exception instanceof WeftInputException) {
                PrintWriter err = cmd.getErr();
                err.println("weft: error: " + exception.getMessage());
                err.flush();
                return USER_ERROR;
            }
            throw exception;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("weft: error: " + exception.getMessage() + " (see ./weft "
                    + exception.getCommandLine().getCommandName() + " --help)");
            err.flush();
            return USER_ERROR;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"weft " + WeftVersion.get()};
        }
    }
}
