package dev.weft.parallel;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Axis;
import dev.weft.workload.Dim;
import dev.weft.workload.Operator;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's share of a model under Megatron-style tensor parallelism (Shoeybi et al., 2019),
 * found by following which tensors are split through the graph:
 * <ul>
 *   <li>a linear layer reading a whole tensor is column-parallel: its output features (n) are
 *       split, so each device holds a slice of the output (the QKV projection, the MLP's up and
 *       gate projections, the vocabulary of the output head, padded to a multiple of the devices
 *       as Megatron pads it);</li>
 *   <li>a linear layer reading a split tensor is row-parallel: its reduction (k) is split, each
 *       device holds a partial sum of the whole output, and an all-reduce adds them (the
 *       attention output projection, the MLP's down projection);</li>
 *   <li>attention operators split their heads;</li>
 *   <li>other operators reading a split tensor split the same dimension (GELU over the MLP's
 *       hidden features; softmax, whose rows are batch x heads x queries flattened, its
 *       outermost dimension); the rest (norms, residual adds, embeddings) run whole on every device.</li>
 * </ul>
 */
public final class TensorParallel {
    private TensorParallel() {
    }

    /** A device's workload and the all-reduces it runs. */
    public record Split(Workload device, List<Collective.AllReduce> allReduces) {
    }

    public static Split split(Workload workload, int tp) {
        if (tp == 1) {
            return new Split(workload, List.of());
        }
        checkHeads(workload, tp);
        Map<String, int[]> splitAxis = new HashMap<>();
        List<Operator> operators = new ArrayList<>();
        List<Collective.AllReduce> allReduces = new ArrayList<>();
        for (Operator operator : workload.operators()) {
            TensorSpec input = operator.operands().isEmpty() ? null : operator.operands().get(0);
            TensorSpec splitInput = operator.operands().stream().filter(t -> t.role() != TensorRole.WEIGHT
                    && splitAxis.containsKey(t.name())).findFirst().orElse(null);
            String dim;
            boolean rowParallel = false;
            if (operator.kind().softmaxAttention()) {
                dim = "H";
            } else if (operator.isContraction() && input != null) {
                rowParallel = splitInput != null;
                dim = rowParallel ? onlyReduction(operator) : outputFeature(operator);
            } else if (splitInput != null) {
                dim = consumerDim(operator, splitInput, splitAxis.get(splitInput.name()), workload.model());
            } else {
                operators.add(operator);
                continue;
            }
            boolean columnParallel = operator.isContraction() && !rowParallel && !operator.kind().softmaxAttention();
            Operator divided = divide(operator, dim, tp, columnParallel, workload.model());
            operators.add(divided);
            TensorSpec out = divided.output();
            if (rowParallel) {
                allReduces.add(new Collective.AllReduce(operator.name(),
                        out.storedBits(out.elements(divided.dimSizes())) / 8, tp));
            } else {
                for (int axis = 0; axis < out.axes().size(); axis++) {
                    if (out.axes().get(axis).uses(dim)) {
                        splitAxis.put(out.name(), new int[] {axis, out.axes().size()});
                    }
                }
            }
        }
        Workload device = new Workload(workload.model(), workload.family(), workload.vision(), workload.spec(),
                operators, workload.idleParams());
        return new Split(device, List.copyOf(allReduces));
    }

    /** Every attention operator must have whole heads on each device. */
    private static void checkHeads(Workload workload, int tp) {
        for (Operator operator : workload.operators()) {
            if (operator.kind().softmaxAttention() && operator.dimSizes().containsKey("H")) {
                long heads = operator.size("H");
                if (heads < tp || heads % tp != 0) {
                    throw new WeftInputException("--parallel", "tp", "splits the " + heads + " heads of "
                            + workload.model() + " over " + tp + " devices, which " + (heads < tp
                            ? "is more devices than heads" : "does not divide them evenly"),
                            "give a tp that divides " + heads);
                }
            }
        }
        if (workload.operators().stream().noneMatch(o -> o.kind().softmaxAttention())) {
            throw new WeftInputException("--parallel", "tp", workload.model() + " has no attention heads to split",
                    "use pp (pipeline stages) for this model, or tp=1");
        }
    }

    private static String onlyReduction(Operator operator) {
        List<String> reduction = operator.reductionDims();
        if (reduction.size() != 1) {
            throw new WeftInputException("--parallel", "tp", "cannot split " + operator.name() + " (" + operator.op()
                    + ") row-parallel: it reduces over " + reduction, "use pp for this model, or tp=1");
        }
        return reduction.get(0);
    }

    /** The dimension of a linear layer that indexes its weight and output but not its input. */
    private static String outputFeature(Operator operator) {
        TensorSpec input = operator.operands().get(0);
        for (Dim dim : operator.dims()) {
            if (!input.indexedBy(dim.name()) && operator.output().indexedBy(dim.name())) {
                return dim.name();
            }
        }
        throw new WeftInputException("--parallel", "tp", "cannot split " + operator.name() + " (" + operator.op()
                + ") column-parallel: no output feature dimension", "use pp for this model, or tp=1");
    }

    /**
     * The dimension of {@code operator} that indexes the split axis of its input: the same axis
     * when the operator sees the tensor with the producer's rank, else (rows flattened, as softmax
     * sees batch x heads x queries) its outermost dimension.
     */
    private static String consumerDim(Operator operator, TensorSpec input, int[] axisAndRank, String model) {
        if (input.axes().size() != axisAndRank[1]) {
            return operator.dims().get(0).name();
        }
        List<Axis.Term> terms = input.axes().get(axisAndRank[0]).terms();
        if (terms.size() != 1) {
            throw new WeftInputException("--parallel", "tp", "cannot split " + operator.name() + " of " + model
                    + ": it reads the split axis of " + input.name() + " through a window", "use pp, or tp=1");
        }
        return terms.get(0).dim();
    }

    /**
     * A column-parallel layer whose features do not divide is padded, as Megatron pads the
     * vocabulary to a multiple of the devices; every other split must divide.
     */
    private static Operator divide(Operator operator, String dim, int tp, boolean pad, String model) {
        long size = operator.size(dim);
        if (size % tp != 0 && !pad) {
            throw new WeftInputException("--parallel", "tp", "cannot split " + operator.name() + " of " + model
                    + " over " + tp + " devices: its dimension " + dim + " of " + size + " does not divide",
                    "give a tp that divides " + size);
        }
        long share = (size + tp - 1) / tp;
        List<Dim> dims = operator.dims().stream().map(d -> d.name().equals(dim) ? new Dim(dim, share) : d).toList();
        return new Operator(operator.name(), operator.op(), operator.block(), dims, operator.tensors(),
                operator.compute(), operator.kind());
    }
}
