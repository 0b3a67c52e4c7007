package dev.weft.hdl;

import dev.weft.error.WeftInputException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A program from a Debian package that the RTL and FPGA flows run: found on the PATH, or named in the error. */
public enum ExternalTool {
    VERILATOR("verilator", "verilator"),
    YOSYS("yosys", "yosys"),
    NEXTPNR_ICE40("nextpnr-ice40", "nextpnr-ice40"),
    ICEPACK("icepack", "fpga-icestorm"),
    MAKE("make", "make"),
    CXX("g++", "g++");

    private final String command;
    private final String debianPackage;

    ExternalTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    public Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public boolean installed() {
        return find().isPresent();
    }

    /** The program, or a one-line error that names the package to install. */
    public Path require() {
        return find().orElseThrow(() -> new WeftInputException(command, null, "is not installed",
                "install the Debian package: apt-get install " + debianPackage));
    }

    /** Why a test that needs these tools is skipped, or empty when all are there. */
    public static Optional<String> missing(ExternalTool... tools) {
        List<String> names = new ArrayList<>();
        for (ExternalTool tool : tools) {
            if (!tool.installed()) {
                names.add(tool.command + " (apt-get install " + tool.debianPackage + ")");
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of("missing " + String.join(", ", names));
    }

    /** What a finished process printed, stdout and stderr together. */
    public record Run(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a command in {@code dir}, output to {@code log} (kept for the user), with a time limit. */
    public static Run run(List<String> command, Path dir, Path log, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
