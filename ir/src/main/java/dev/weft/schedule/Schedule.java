package dev.weft.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The contract between the mapper and every backend: how each operator of a workload runs
 * on an architecture. Serialised as {@code schedule.json} (format {@value #FORMAT}; files of
 * format {@value #FORMAT_V1} still replay) so a person can read it, edit it and replay it with
 * {@code --schedule}.
 *
 * @param fusionGroups operators that run as one kernel, their intermediates on chip; absent (no
 *                     fusion) in files written before fusion existed, which therefore replay unfused
 */
public record Schedule(String format, String model, String hardware, String workload, long seed,
                       List<OperatorSchedule> operators,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FusionGroup> fusionGroups) {

    /** Written by this Weft: version 1 plus a loop nest per contraction on a {@code weft-arch/2} machine. */
    public static final String FORMAT = "weft-schedule/2";
    /** Still replayed: the buffer tile and DRAM loop order of a {@code weft-arch/1} machine. */
    public static final String FORMAT_V1 = "weft-schedule/1";

    public Schedule {
        if (operators == null || operators.contains(null)) {
            throw new IllegalArgumentException("operators: missing, or an entry without a value");
        }
        operators = List.copyOf(operators);
        if (fusionGroups != null && fusionGroups.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("fusion_groups: an entry without a value");
        }
        fusionGroups = fusionGroups == null ? List.of() : List.copyOf(fusionGroups);
    }

    /** A schedule whose operators all run on their own. */
    public Schedule(String format, String model, String hardware, String workload, long seed,
                    List<OperatorSchedule> operators) {
        this(format, model, hardware, workload, seed, operators, List.of());
    }

    public Optional<OperatorSchedule> find(String operator) {
        return operators.stream().filter(o -> o.operator().equals(operator)).findFirst();
    }
}
