package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The presets that were {@code weft-arch/1} files until they moved to {@code weft-arch/2}: their
 * old files still load (converted on load) and give the very same machine, record for record,
 * so that every estimate, simulation and RTL check on them is unchanged by the move.
 */
class V1PresetsTest {
    private static final Path V1 = Path.of("src/test/resources/arch-v1");

    @ParameterizedTest
    @ValueSource(strings = {"systolic-32x32-int8", "systolic-128x128-int8", "edge-xnor-int8",
            "systolic-32x32-int8-sparse24"})
    void theOldFileLoadsAsTheSameMachine(String name) {
        Architecture v1 = ArchitectureLoader.load(V1.resolve(name + ".yaml"));
        Architecture v2 = ArchitectureLoader.preset(name);
        assertTrue(v1.source().endsWith(name + ".yaml"), v1.source());
        assertEquals(new Architecture(v1.name(), v1.description(), v2.source(), v1.clockHz(), v1.levels(),
                v1.arrays(), v1.vector(), v1.technology(), v1.hierarchy()), v2);
        assertTrue(!v2.loopNest(), "a systolic preset follows the fold template");
    }
}
