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
