package dev.weft.schedule;

import java.util.List;
import java.util.Optional;

/**
 * The contract between the mapper and every backend: how each operator of a workload runs
 * on an architecture. Serialised as {@code schedule.json} (format {@value #FORMAT}) so a
 * person can read it, edit it and replay it with {@code --schedule}.
 */
public record Schedule(String format, String model, String hardware, String workload, long seed,
                       List<OperatorSchedule> operators) {

    public static final String FORMAT = "weft-schedule/1";

    public Schedule {
        operators = List.copyOf(operators);
    }

    public Optional<OperatorSchedule> find(String operator) {
        return operators.stream().filter(o -> o.operator().equals(operator)).findFirst();
    }
}
