package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --json} of {@code bench} and {@code rtl-check} is refused before the work starts (a
 * benchmark or an RTL run takes minutes, and then had nowhere to write): exit 2, one line,
 * nothing printed or written before it.
 */
class JsonUpFrontTest {
    @TempDir
    Path dir;

    /** Empty, a directory, or under a plain file. */
    private String path(String json) throws IOException {
        Files.writeString(dir.resolve("file.txt"), "not a directory");
        return json.replace("DIR", dir.toString()).replace("FILE", dir.resolve("file.txt").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DIR", "FILE/rows.json"})
    void benchRefusesAnUnwritableJsonBeforeRunning(String json) throws IOException {
        CliRun run = CliRun.of("bench", "sim", "--json", path(json));
        assertEquals(2, run.status(), run.err());
        assertTrue(run.out().isEmpty(), "bench ran before refusing --json: " + run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--json"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DIR", "FILE/rows.json"})
    void rtlCheckRefusesAnUnwritableJsonBeforeElaborating(String json) throws IOException {
        CliRun run = CliRun.of("rtl-check", "--array", "4x4", "--gemm", "8,8,8", "--json", path(json));
        assertEquals(2, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), "rtl-check started before refusing --json: " + run.err());
        assertTrue(run.err().contains("--json"), run.err());
    }
}
