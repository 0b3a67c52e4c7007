package dev.weft.cli;

import dev.weft.schedule.Schedule;
import dev.weft.schedule.ScheduleJson;
import dev.weft.workload.AttentionKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The attention variant and the schedule to replay: what estimate, simulate and run map with. */
final class MappingOptions {
    @Option(names = "--attention", defaultValue = "softmax",
            description = "Attention variant: softmax, ecoformer or linear (default: ${DEFAULT-VALUE}).")
    String attention;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "Replay this schedule.json (written by an earlier run) instead of searching.")
    Path schedule;

    AttentionKind attention() {
        return AttentionKind.parse(attention, "--attention", null);
    }

    /** The schedule to replay, or null to search. */
    Schedule replay() {
        return schedule == null ? null : ScheduleJson.read(schedule);
    }

    String replaySource() {
        return schedule == null ? null : schedule.toString();
    }
}
