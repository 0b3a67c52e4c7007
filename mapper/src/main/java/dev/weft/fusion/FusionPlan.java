package dev.weft.fusion;

import dev.weft.mapper.MappedOperator;
import dev.weft.results.Results;
import dev.weft.schedule.FusionGroup;
import java.util.List;
import java.util.Map;

/**
 * The fusion groups of a workload and what they make of its operators.
 *
 * @param fusion           what the mapper was allowed to fuse
 * @param groups           the groups formed, in workload order
 * @param operators        every operator with its cost inside its group (or alone), in workload order
 * @param dramBytesAlone   per operator name, its DRAM traffic had it run on its own
 * @param groupOf          per grouped operator name, its group's name
 * @param splitK           in decode, the fused softmax cores split across array slices (Lean Attention); else null
 */
public record FusionPlan(Fusion fusion, List<FusionGroup> groups, List<MappedOperator> operators,
                         Map<String, Double> dramBytesAlone, Map<String, String> groupOf, Results.SplitK splitK) {
    public FusionPlan {
        groups = List.copyOf(groups);
        operators = List.copyOf(operators);
        dramBytesAlone = Map.copyOf(dramBytesAlone);
        groupOf = Map.copyOf(groupOf);
    }
}
