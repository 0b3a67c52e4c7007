package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --json FILE} that several commands write beside their table. */
final class JsonFile {
    private JsonFile() {
    }

    /**
     * Refuses, before any work is done, a {@code --json} that could not be written (empty, a
     * directory, under a directory that cannot be created), so a run never fails after it has
     * written its other outputs.
     */
    static void checkWritable(Path file) {
        if (file.toString().isBlank() || Files.isDirectory(file)) {
            throw new WeftInputException("--json", null, "'" + file + "' is " + (file.toString().isBlank()
                    ? "empty" : "a directory"), "give a file name such as rows.json");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new WeftInputException("--json", null, "cannot overwrite " + file, "choose a file you can write");
        }
        Path existing = file.toAbsolutePath().normalize().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new WeftInputException("--json", null, "cannot create " + file + " under " + existing,
                    "choose a file in a directory you can write to");
        }
    }

    /** Writes {@code value} to {@code file} (creating its directory), or says why it cannot. */
    static void write(Path file, Object value) {
        if (Files.isDirectory(file)) {
            throw new WeftInputException("--json", null, file + " is a directory", "give a file name");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.text(value) + "\n");
        } catch (IOException e) {
            throw new WeftInputException("--json", null, "cannot write " + file + ": " + e.getMessage(),
                    "choose a writable path");
        }
    }
}
