package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.fpga.Board;
import dev.weft.fpga.BoardCatalog;
import dev.weft.fpga.FitCheck;
import dev.weft.fpga.FpgaFlow;
import dev.weft.fpga.FpgaReport;
import dev.weft.fpga.Mapping;
import dev.weft.hdl.CoreSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "fpga", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit a generated core to an FPGA board and build it: a self-test around the core (LFSR operands, "
                + "PASS/FAIL LEDs from comparing the first fold with the software model), a fit check against the board "
                + "catalog, then for iCE40 boards Yosys synth_ice40, nextpnr-ice40 and icepack to DIR/weft.bin, with "
                + "utilization and Fmax in DIR/fpga.json and fpga.txt. For Xilinx boards: a Vivado script and the "
                + "estimate, marked as not run.",
                "Without --hw/--array/--unit: the largest square MAC array (--dataflow, default ws) that fits.",
                "Needs yosys, nextpnr-ice40 and icepack for iCE40 (apt-get install yosys nextpnr-ice40 fpga-icestorm).",
                "Examples: ./weft fpga --board icebreaker --out out/ice",
                "          ./weft fpga --board icebreaker --unit xnor --width 64 --out out/xnor",
                "          ./weft fpga --list-boards"})
final class FpgaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--board", paramLabel = "NAME", description = "Board from the catalog (see --list-boards).")
    String board;

    @Mixin
    CoreOptions core;

    @Option(names = "--compute", paramLabel = "NAME", description = "With --hw: which compute array (default: the first).")
    String compute;

    @Option(names = "--mapping", paramLabel = "dsp|lut", description = "Multipliers in DSP blocks or in LUTs "
            + "(default: DSP blocks when there are enough, else LUTs).")
    String mapping;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the bitstream, logs and reports.")
    Path out;

    @Option(names = "--list-boards", description = "List the board catalog and exit.")
    boolean listBoards;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (listBoards) {
            for (Board b : BoardCatalog.all()) {
                stdout.printf(Locale.ROOT, "%-12s %-42s %s%n", b.name(), b.title(), b.summary());
            }
            stdout.flush();
            return 0;
        }
        if (board == null) {
            throw new WeftInputException("--board", null, "no board given", "use one of " + String.join(", ", BoardCatalog.names()));
        }
        if (out == null) {
            throw new WeftInputException("--out", null, "no output directory given", "add --out DIR");
        }
        Board target = BoardCatalog.get(board);
        Optional<Mapping> requested = Optional.ofNullable(mapping).map(Mapping::parse);
        FitCheck.Fit fit;
        if (core.anyGiven()) {
            fit = FitCheck.check(selected(), target, requested);
        } else {
            fit = FitCheck.largestArray(target, core.dataflow(), requested);
            spec.commandLine().getErr().println("weft: largest array that fits " + target.name() + ": " + fit.spec().summary() + ", "
                    + fit.mapping().label() + " mapping");
        }
        PrintWriter err = spec.commandLine().getErr();
        FpgaReport report = FpgaFlow.build(fit, out, step -> {
            err.println("weft: " + step);
            err.flush();
        });
        stdout.print(report.toText());
        stdout.println("wrote " + out.toAbsolutePath().normalize() + (report.run() ? "/weft.bin, " : "/build.tcl, ")
                + "fpga.json, fpga.txt");
        stdout.flush();
        return 0;
    }

    private CoreSpec selected() {
        List<CoreSpec> cores = core.cores();
        if (compute == null) {
            return cores.get(0);
        }
        if (core.hw == null) {
            throw new WeftInputException("--compute", null, "--compute picks an array of --hw", "add --hw FILE, or drop --compute");
        }
        List<String> names = dev.weft.arch.ArchitectureLoader.resolve(core.hw).arrays().stream()
                .map(dev.weft.arch.ComputeArray::name).toList();
        int index = names.indexOf(compute);
        if (index < 0) {
            throw new WeftInputException("--compute", null, "no compute array '" + compute + "'", "use one of "
                    + String.join(", ", names));
        }
        return cores.get(index);
    }
}
