package dev.weft.explore;

import dev.weft.arch.ArchitectureLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small specs for tests, read from text with presets as bases. */
final class Specs {
    private Specs() {
    }

    static ExploreSpec parse(String yaml) {
        return SpecParser.parse(yaml, "test.yaml", (base, field) ->
                new SpecParser.Base(ArchitectureLoader.presetText(base), "preset:" + base));
    }

    /**
     * 2 arrays x 2 buffers x 2 dataflows on bert-tiny prefill and gpt2 decode: 8 points, 16 rows
     * ({@code examples/explore/small-sweep.yaml}, which the Spark engine's tests run as well).
     */
    static final String SMALL = read(Path.of("..", "examples", "explore", "small-sweep.yaml"));

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
