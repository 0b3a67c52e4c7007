package dev.weft.explore.spark;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.explore.ExploreRun;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.LocalEngine;
import dev.weft.explore.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small sweep both engines run ({@code examples/explore/small-sweep.yaml}): 8 design points on two workloads, 16 rows. */
final class SweepFixture {
    static final Path FILE = Path.of("..", "examples", "explore", "small-sweep.yaml");

    private SweepFixture() {
    }

    static ExploreSpec spec() {
        String text;
        try {
            text = Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SpecParser.parse(text, FILE.toString(), (base, field) ->
                new SpecParser.Base(ArchitectureLoader.presetText(base), "preset:" + base));
    }

    /** The local engine's files, to compare the Spark ones with. */
    static Path local(Path dir) {
        Path out = dir.resolve("local");
        ExploreRun.run(spec(), out, new LocalEngine(2), done -> { });
        return out;
    }
}
