package dev.weft.mapper;

import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;

/**
 * The analytic cost model of one operator kind on one kind of unit, with the mapping space it
 * searches: it places an operator on the unit and predicts what that costs. One instance serves
 * one architecture and may remember searches of operators of the same shape.
 */
public interface OperatorModel {

    /** The best mapping the model finds for {@code operator}, and its cost. */
    MappedOperator map(Operator operator);

    /**
     * The cost of a given schedule entry (from a replayed {@code schedule.json}), after checking
     * that it fits the operator and the unit; errors name {@code source} and the entry's field.
     */
    MappedOperator replay(Operator operator, OperatorSchedule entry, String source);

    /** Mappings whose cost has been evaluated so far. */
    long evaluated();
}
