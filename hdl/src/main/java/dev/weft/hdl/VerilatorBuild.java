package dev.weft.hdl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Verilator-compiled benches, cached: the key hashes the SystemVerilog, the bench source and the
 * Verilator version, so a parameter set is compiled once (C++ builds take tens of seconds) and any
 * change to the generator or the bench builds afresh.
 */
public final class VerilatorBuild {
    private static final List<String> FLAGS = List.of("--cc", "--exe", "--build", "-j", "2", "-O3",
            "-Wno-fatal", "--x-assign", "fast", "--x-initial", "fast");

    /** The bench executable and whether this call compiled it. */
    public record Bench(Path executable, boolean compiled, double buildSeconds) {
    }

    private VerilatorBuild() {
    }

    public static Bench bench(Rtl rtl, String benchSource) {
        ExternalTool.VERILATOR.require();
        ExternalTool.MAKE.require();
        ExternalTool.CXX.require();
        String key = hash(rtl.systemVerilog() + "\0" + benchSource + "\0" + FLAGS + "\0" + verilatorVersion());
        Path dir = WeftCache.root().resolve("verilator").resolve(rtl.topModule() + "-" + key.substring(0, 16));
        Path executable = dir.resolve("bench");
        if (Files.isExecutable(executable)) {
            return new Bench(executable, false, 0);
        }
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir.getParent());
            Path work = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial-");
            try {
                Files.writeString(work.resolve(rtl.fileName()), rtl.systemVerilog(), StandardCharsets.UTF_8);
                Files.writeString(work.resolve("bench.cpp"), benchSource, StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>(List.of("verilator"));
                command.addAll(FLAGS);
                command.addAll(List.of("--top-module", rtl.topModule(), "-Mdir", "obj", "-o", "../bench",
                        rtl.fileName(), "bench.cpp"));
                ExternalTool.Run run = ExternalTool.run(command, work, work.resolve("verilator.log"), 1800);
                if (!run.ok() || !Files.isExecutable(work.resolve("bench"))) {
                    throw new IllegalStateException("verilator build of " + rtl.topModule() + " failed:\n" + run.output());
                }
                Firtool.deleteTree(work.resolve("obj"));
                try {
                    Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(work, dir);
                } catch (IOException e) {
                    // Another process finished the same build first; its result is identical.
                    if (!Files.isExecutable(executable)) {
                        throw e;
                    }
                }
            } finally {
                Firtool.deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the Verilator bench in " + dir, e);
        }
        return new Bench(executable, true, (System.nanoTime() - start) / 1e9);
    }

    static String verilatorVersion() {
        try {
            Path dir = Files.createTempDirectory("weft-verilator-version");
            try {
                return ExternalTool.run(List.of("verilator", "--version"), dir, dir.resolve("v.log"), 60).output().strip();
            } finally {
                Firtool.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
