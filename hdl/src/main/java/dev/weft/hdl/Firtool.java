package dev.weft.hdl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Lowers CHIRRTL to SystemVerilog with the firtool that ships inside the
 * {@code org.chipsalliance:llvm-firtool} jar: extracted once into the cache, never downloaded.
 * The options keep the output friendly to Verilator and Yosys: no randomised initial values,
 * no debug info, no {@code automatic} locals and no packed arrays.
 */
public final class Firtool {
    public static final String VERSION = "1.62.1";
    private static final String RESOURCE = "/org.chipsalliance/llvm-firtool/linux-x64/bin/firtool";
    static final List<String> OPTIONS = List.of("--disable-all-randomization", "--strip-debug-info",
            "--lowering-options=disallowLocalVariables,disallowPackedArrays,locationInfoStyle=none");

    private Firtool() {
    }

    /** SystemVerilog for one elaborated design. */
    public static String lower(String chirrtl) {
        Path binary = binary();
        try {
            Path work = Files.createTempDirectory("weft-firtool-");
            try {
                Path input = work.resolve("design.fir");
                Path output = work.resolve("design.sv");
                Files.writeString(input, chirrtl, StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>(List.of(binary.toString(), input.toString()));
                command.addAll(OPTIONS);
                command.addAll(List.of("-o", output.toString()));
                ExternalTool.Run run = ExternalTool.run(command, work, work.resolve("firtool.log"), 300);
                if (!run.ok()) {
                    throw new IllegalStateException("firtool failed on generated CHIRRTL: " + run.output());
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extracted binary, written atomically so two processes never run a half-written one. */
    static synchronized Path binary() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the bundled firtool is for linux-x64; this is " + os + " " + arch);
        }
        Path target = WeftCache.root().resolve("firtool-" + VERSION).resolve("firtool");
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = Firtool.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("firtool is missing from the class path (org.chipsalliance:llvm-firtool:"
                        + VERSION + ":linux-x64)");
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "firtool", ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + partial + " executable");
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract firtool into " + target.getParent(), e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
