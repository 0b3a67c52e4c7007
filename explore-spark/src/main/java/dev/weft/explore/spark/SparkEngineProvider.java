package dev.weft.explore.spark;

import dev.weft.explore.Engine;
import dev.weft.explore.EngineProvider;
import java.util.Map;

/** Registers {@code --engine spark} with {@link EngineProvider}'s service lookup. */
public final class SparkEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return SparkEngine.NAME;
    }

    @Override
    public Engine open(String master) {
        return new SparkEngine(master, Map.of());
    }
}
