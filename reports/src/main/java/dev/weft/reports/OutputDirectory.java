package dev.weft.reports;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a run's files all or nothing: everything goes to a hidden sibling directory first
 * and is moved into place only when every file is written, so a failure never leaves a
 * half-written results directory behind.
 */
public final class OutputDirectory {
    private final Path target;
    private final Map<String, String> files = new LinkedHashMap<>();

    public OutputDirectory(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    /**
     * Refuses, before any work is done, a {@code --out} that could not be written: an existing
     * file, or a directory whose nearest existing ancestor is not writable.
     */
    public static void checkWritable(Path out) {
        if (out.toString().isBlank() || out.getFileName() != null && out.getFileName().toString().isBlank()) {
            // an empty --out would write into the working directory, a blank one into a directory named by spaces
            throw new WeftInputException("--out", null, "'" + out + "' is not a directory name", "give a directory such as out/run1");
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new WeftInputException("--out", null, target + " exists and is not a directory",
                    "choose another --out");
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new WeftInputException("--out", null, "cannot create " + target + " under " + existing,
                    "choose a directory you can write to");
        }
    }

    public OutputDirectory add(String fileName, String content) {
        files.put(fileName, content);
        return this;
    }

    public Path commit() {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new WeftInputException("--out", null, target + " exists and is not a directory",
                    "choose another --out");
        }
        Path parent = target.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            Files.createDirectories(target);
            for (String name : files.keySet()) {
                move(staging.resolve(name), target.resolve(name));
            }
            return target;
        } catch (IOException e) {
            throw new WeftInputException("--out", null, "cannot write " + target + ": " + e.getMessage(),
                    "choose a writable directory");
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover hidden staging directory is harmless; the results are already in place
        }
    }
}
