package dev.weft.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's operator graph for one workload: the operators in execution order.
 *
 * @param model  model name as in the zoo, e.g. {@code bert-base}
 * @param family architecture family, e.g. {@code bert}, {@code vit}, {@code pvtv2}
 * @param vision whether the model consumes images (tokens per step are then images)
 * @param idleParams parameters that no operator of this step reads: the experts of a
 *                   mixture-of-experts layer that no token was routed to, T5's encoder
 *                   while decoding
 */
public record Workload(String model, String family, boolean vision, WorkloadSpec spec, List<Operator> operators,
                       long idleParams) {

    public Workload {
        operators = List.copyOf(operators);
        Set<String> names = new HashSet<>();
        for (Operator operator : operators) {
            if (!names.add(operator.name())) {
                throw new IllegalArgumentException(model + ": operator name " + operator.name() + " used twice");
            }
        }
        if (idleParams < 0) {
            throw new IllegalArgumentException(model + ": idle parameters cannot be negative");
        }
    }

    /** A workload whose every parameter is read by some operator. */
    public Workload(String model, String family, boolean vision, WorkloadSpec spec, List<Operator> operators) {
        this(model, family, vision, spec, operators, 0);
    }

    /** Learned parameters: elements of every distinct weight tensor (tied weights count once), idle ones included. */
    public long params() {
        Set<String> seen = new HashSet<>();
        long total = idleParams;
        for (Operator operator : operators) {
            for (TensorSpec weight : operator.weights()) {
                if (seen.add(weight.name())) {
                    total += weight.elements(operator.dimSizes());
                }
            }
        }
        return total;
    }

    public double macs() {
        return operators.stream().mapToDouble(Operator::macs).sum();
    }

    public double muls() {
        return operators.stream().mapToDouble(Operator::muls).sum();
    }

    public double adds() {
        return operators.stream().mapToDouble(Operator::adds).sum();
    }

    public long tokens() {
        return spec.tokens(vision);
    }
}
