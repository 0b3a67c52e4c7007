package dev.weft.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleReplayTest {
    private final Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
    private final WorkloadSpec spec = new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
            StorageFormat.DENSE, DType.INT8, 16, 25);
    private final Workload workload = new Workload("synthetic", "test", false, spec, MapperTest.operators(DType.INT8));

    private Estimator.Estimate search() {
        return Estimator.run(workload, arch, new ArchEnergyTable(arch), Estimator.Options.search(5), done -> { });
    }

    private Estimator.Estimate replay(Path file) {
        Schedule schedule = ScheduleJson.read(file);
        return Estimator.run(workload, arch, new ArchEnergyTable(arch),
                new Estimator.Options(5, Mapper.DEFAULT_BUDGET, schedule, file.toString()), done -> { });
    }

    @Test
    void aWrittenScheduleReplaysToTheSameFigures(@TempDir Path dir) throws Exception {
        Estimator.Estimate searched = search();
        Path file = dir.resolve("schedule.json");
        Files.writeString(file, ScheduleJson.write(searched.schedule()));
        Estimator.Estimate replayed = replay(file);
        assertEquals(searched.schedule().operators(), replayed.schedule().operators());
        assertEquals(searched.results().totals().cycles(), replayed.results().totals().cycles());
        assertEquals(searched.results().totals().energyPj(), replayed.results().totals().energyPj(), 1e-6);
        assertTrue(replayed.results().mapper().replayedSchedule());
    }

    @Test
    void anEditedTileThatOverflowsTheBufferIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("schedule.json");
        String json = ScheduleJson.write(search().schedule());
        // make the linear layer's tile the whole 197 x 3072 x 768 problem: 2 x (151 KB + 2.4 MB + 2.4 MB)
        String edited = json.replaceFirst("\"buffer_tile\" : \\{[^}]*\\}",
                "\"buffer_tile\" : { \"m\" : 197, \"n\" : 3072, \"k\" : 768 }");
        Files.writeString(file, edited);
        WeftInputException e = assertThrows(WeftInputException.class, () -> replay(file));
        assertTrue(e.getMessage().contains("fc.buffer_tile") && e.getMessage().contains("shrink the tile"),
                e.getMessage());
    }

    @Test
    void aMalformedScheduleNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("schedule.json");
        Files.writeString(file, "{ \"format\": \"weft-schedule/1\",\n  \"operators\": [ }");
        WeftInputException e = assertThrows(WeftInputException.class, () -> ScheduleJson.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("line 2"), e.getMessage());
    }
}
