package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Loads the 4x4 test array with a chosen dataflow (and any further edit) from a temp file. */
public final class TestArchitectures {
    private TestArchitectures() {
    }

    public static Architecture array4x4(String dataflow) {
        return array4x4(dataflow, yaml -> yaml);
    }

    public static Architecture array4x4(String dataflow, UnaryOperator<String> edit) {
        try (InputStream in = TestArchitectures.class.getResourceAsStream("/array4x4.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("DATAFLOW", dataflow);
            Path file = Files.createTempFile("array4x4-", ".yaml");
            Files.writeString(file, edit.apply(yaml));
            file.toFile().deleteOnExit();
            return ArchitectureLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
