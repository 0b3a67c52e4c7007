package dev.weft.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryFileAndLeavesNoStagingBehind() throws Exception {
        Path out = dir.resolve("run");
        new OutputDirectory(out).add("a.json", "{}").add("b.csv", "x\n").commit();
        assertEquals("{}", Files.readString(out.resolve("a.json")));
        assertEquals("x\n", Files.readString(out.resolve("b.csv")));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(out), entries.toList(), "only the results directory remains");
        }
    }

    @Test
    void aPathThatIsAFileIsAUserErrorAndNothingIsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "keep");
        assertThrows(WeftInputException.class, () -> new OutputDirectory(file).add("a.json", "{}").commit());
        assertEquals("keep", Files.readString(file));
        try (Stream<Path> entries = Files.list(dir)) {
            assertTrue(entries.allMatch(p -> p.equals(file)));
        }
    }
}
