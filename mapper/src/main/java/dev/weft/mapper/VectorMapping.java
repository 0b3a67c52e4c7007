package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.cost.VectorCostModel;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;

/**
 * Element-wise work, row reductions, gathers and scans on the vector unit. They share one model
 * ({@link VectorCostModel}: a lane operation per cycle, operands streamed from DRAM and back)
 * and differ only where {@link dev.weft.arch.VectorWork} reads the kind: a scan's steps, a
 * gather's rows. The unit has one mapping, so nothing is searched.
 */
final class VectorMapping implements OperatorModel {
    private final VectorCostModel model;

    VectorMapping(Architecture arch) {
        this.model = new VectorCostModel(arch);
    }

    @Override
    public MappedOperator map(Operator operator) {
        return new MappedOperator(operator, OperatorSchedule.vector(operator.name()), model.evaluate(operator));
    }

    @Override
    public MappedOperator replay(Operator operator, OperatorSchedule entry, String source) {
        if (!entry.onVectorUnit()) {
            throw new WeftInputException(source, operator.name() + ".unit", "is '" + entry.unit()
                    + "' but this operator runs on the vector unit", "set \"unit\": \"vector\"");
        }
        return map(operator);
    }

    @Override
    public long evaluated() {
        return 0;
    }
}
