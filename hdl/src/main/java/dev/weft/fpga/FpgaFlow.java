package dev.weft.fpga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.io.Json;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.ExternalTool;
import dev.weft.hdl.Rtl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * From a design that fits to a bitstream: the self-test around the core, the board shell and
 * pins, then Yosys {@code synth_ice40}, {@code nextpnr-ice40} and {@code icepack} for the open
 * boards, or a Vivado batch script (written, not run) for the Xilinx ones. Everything is built
 * in a hidden staging directory and moved into the output directory only when the flow succeeds.
 */
public final class FpgaFlow {
    static final String BITSTREAM = "weft.bin";
    private static final long STEP_TIMEOUT_S = 3600;
    private static final Pattern YOSYS_LUT4 = Pattern.compile("SB_LUT4\\s+(\\d+)");

    private FpgaFlow() {
    }

    /** Runs (or, for Vivado boards, writes) the flow into {@code out}; {@code progress} gets one line per step. */
    public static FpgaReport build(FitCheck.Fit fit, Path out, Consumer<String> progress) {
        Board board = fit.board();
        if (board.flow() == Board.Flow.OPEN) {
            for (ExternalTool tool : List.of(ExternalTool.YOSYS, ExternalTool.NEXTPNR_ICE40, ExternalTool.ICEPACK)) {
                tool.require();
            }
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new WeftInputException("--out", null, target + " exists and is not a directory", "choose another --out");
        }
        progress.accept("elaborating " + fit.spec().summary() + " with its self-test (Chisel, firtool)");
        Rtl selfTest = Rtl.selfTest(fit.spec());
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
            write(staging, selfTest.fileName(), selfTest.systemVerilog());
            write(staging, BoardTop.FILE, BoardTop.verilog(board, selfTest));
            FpgaReport report = board.flow() == Board.Flow.OPEN
                    ? runOpenFlow(fit, selfTest, staging, progress)
                    : writeVivado(fit, selfTest, staging);
            write(staging, "fpga.json", Json.text(report.toJson()) + "\n");
            write(staging, "fpga.txt", report.toText());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(staging)) {
                for (Path file : files.toList()) {
                    Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return report;
        } catch (IOException e) {
            throw new WeftInputException("--out", null, "cannot write " + target + ": " + e.getMessage(),
                    "choose a writable directory");
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    private static FpgaReport runOpenFlow(FitCheck.Fit fit, Rtl selfTest, Path dir, Consumer<String> progress)
            throws IOException {
        Board board = fit.board();
        long start = System.nanoTime();
        write(dir, "board.pcf", BoardTop.pcf(board));
        String synth = "synth_ice40" + (fit.mapping() == Mapping.DSP ? " -dsp" : "") + " -top " + BoardTop.MODULE
                + " -json design.json";
        progress.accept("yosys " + synth);
        step(List.of("yosys", "-p", "read_verilog -sv " + selfTest.fileName() + "; read_verilog "
                + BoardTop.FILE + "; " + synth + "; stat"), dir, "yosys");
        String mhz = String.format(Locale.ROOT, "%.2f", board.clock().mhz());
        progress.accept("nextpnr-ice40 --" + board.device() + " --package " + board.packageName() + " --freq " + mhz);
        step(List.of("nextpnr-ice40", "--" + board.device(), "--package", board.packageName(), "--json", "design.json",
                "--pcf", "board.pcf", "--asc", "design.asc", "--freq", mhz, "--seed", "1", "--report",
                "nextpnr-report.json"), dir, "nextpnr");
        progress.accept("icepack design.asc " + BITSTREAM);
        step(List.of("icepack", "design.asc", BITSTREAM), dir, "icepack");
        Files.delete(dir.resolve("design.json"));
        Files.delete(dir.resolve("design.asc"));

        JsonNode report = new ObjectMapper().readTree(dir.resolve("nextpnr-report.json").toFile());
        Map<String, Long> used = new LinkedHashMap<>();
        Map<String, Long> available = new LinkedHashMap<>();
        for (String resource : List.of("ICESTORM_LC", "ICESTORM_DSP", "ICESTORM_RAM", "ICESTORM_SPRAM", "SB_IO", "SB_GB")) {
            JsonNode entry = report.path("utilization").path(resource);
            if (!entry.isMissingNode()) {
                used.put(resource, entry.path("used").asLong());
                available.put(resource, entry.path("available").asLong());
            }
        }
        Optional<Double> fmax = Optional.empty();
        for (JsonNode clock : report.path("fmax")) {
            double achieved = clock.path("achieved").asDouble();
            fmax = Optional.of(fmax.map(f -> Math.min(f, achieved)).orElse(achieved));
        }
        long lut4 = 0;
        Matcher matcher = YOSYS_LUT4.matcher(Files.readString(dir.resolve("yosys.log"), StandardCharsets.UTF_8));
        while (matcher.find()) {
            lut4 = Long.parseLong(matcher.group(1));
        }
        return new FpgaReport(fit, selfTest.topModule(), true, used, available, lut4, fmax, Optional.of(BITSTREAM),
                Files.size(dir.resolve(BITSTREAM)), (System.nanoTime() - start) / 1e9,
                "self-test: the " + (board.pass().isPresent() ? "PASS LED (pin " + board.pass().get().pin() + ")" : "pass flag")
                        + " lights when the first fold matches the software model; ICESTORM_LC counts logic cells (LUT4 + FF)");
    }

    private static FpgaReport writeVivado(FitCheck.Fit fit, Rtl selfTest, Path dir) throws IOException {
        Board board = fit.board();
        write(dir, "board.xdc", BoardTop.xdc(board));
        List<String> tcl = new ArrayList<>(List.of(
                "# Vivado batch flow generated by weft fpga: vivado -mode batch -source build.tcl",
                "# Not run by weft (Vivado is not part of its toolchain); figures in fpga.json are the fit check's estimate.",
                "set part " + board.part(),
                "read_verilog -sv " + selfTest.fileName(),
                "read_verilog " + BoardTop.FILE,
                "read_xdc board.xdc",
                "synth_design -top " + BoardTop.MODULE + " -part $part" + (fit.mapping() == Mapping.LUT ? " -max_dsp 0" : ""),
                "opt_design",
                "place_design",
                "route_design",
                "report_utilization -file utilization.txt",
                "report_timing_summary -file timing.txt",
                "write_bitstream -force weft.bit"));
        write(dir, "build.tcl", String.join("\n", tcl) + "\n");
        return new FpgaReport(fit, selfTest.topModule(), false, Map.of(), Map.of(), 0, Optional.empty(), Optional.empty(),
                0, 0, "NOT RUN: Vivado project script written (build.tcl, board.xdc); the figures are the fit check's "
                        + "estimate from Yosys-measured costs, not a Vivado result");
    }

    private static void step(List<String> command, Path dir, String name) {
        ExternalTool.Run run = ExternalTool.run(command, dir, dir.resolve(name + ".log"), STEP_TIMEOUT_S);
        if (!run.ok()) {
            String tail = run.output().lines().filter(line -> line.contains("ERROR") || line.contains("Error"))
                    .reduce((first, second) -> second).orElse("exit status " + run.exitCode());
            throw new WeftInputException(name, null, "failed: " + tail.strip(),
                    "the estimate may be optimistic for this design: try a smaller array or the other --mapping");
        }
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover hidden staging directory is harmless; the results are already in place or reported.
        }
    }
}
