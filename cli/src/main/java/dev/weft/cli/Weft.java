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
        subcommands = {ModelsCommand.class, HardwareCommand.class, EstimateCommand.class, ServeCommand.class, CompareCommand.class,
                SweepSeqCommand.class, ReportCommand.class, DemoCommand.class, BenchCommand.class, SimulateCommand.class, ExploreCommand.class, SpmmCommand.class, BoundCommand.class, RtlCommand.class, RtlCheckCommand.class, FpgaCommand.class, DevicesCommand.class, RunCommand.class, CommandLine.HelpCommand.class},
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
        commandLine.registerConverter(Integer.class, text -> (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
        commandLine.registerConverter(int.class, text -> (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
        commandLine.registerConverter(Long.class, text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE));
        commandLine.registerConverter(long.class, text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE));
        return commandLine;
    }

    /** A whole-number option value in plain digits, within {@code [min, max]}, or a message in the user's words. */
    static long whole(String text, long min, long max) {
        String digits = text.trim();
        if (!digits.matches("[+-]?[0-9]+")) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
        }
        java.math.BigInteger value = new java.math.BigInteger(digits);
        if (value.compareTo(java.math.BigInteger.valueOf(max)) > 0 || value.compareTo(java.math.BigInteger.valueOf(min)) < 0) {
            throw new CommandLine.TypeConversionException("'" + text + "' is out of range (at most " + max + ")");
        }
        return value.longValue();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"weft " + WeftVersion.get()};
        }
    }
}
