package dev.weft.mapper;

import dev.weft.cost.OperatorCost;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;

/** An operator with the schedule chosen for it and that schedule's predicted cost. */
public record MappedOperator(Operator operator, OperatorSchedule schedule, OperatorCost cost) {
}
