package dev.weft.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator of a workload graph, einsum style: an iteration space of named dimensions,
 * the tensors it touches (each indexed by some of those dimensions) and the work done at
 * each point. A matmul is {@code M,N,K}; a convolution {@code N,K,C,P,Q,R,S}; attention
 * scores {@code B,H,Q,KV,D}.
 *
 * @param name   unique within the graph, e.g. {@code blocks.3.attn.qkv}
 * @param op     the operator's name for people and reports, e.g. {@code linear}, {@code softmax}; code
 *               dispatches on {@code kind}, never on this label
 * @param block  the model block it belongs to, e.g. {@code blocks.3} or {@code embed}
 * @param kind   the shape of its work, which picks its cost model, simulator job and fusion role
 */
public record Operator(String name, String op, String block, List<Dim> dims, List<TensorSpec> tensors,
                       Compute compute, OperatorKind kind) {

    public Operator {
        dims = List.copyOf(dims);
        tensors = List.copyOf(tensors);
        if (!kind.fits(compute)) {
            throw new IllegalArgumentException(name + ": a " + kind.label() + " cannot compute "
                    + compute.getClass().getSimpleName());
        }
        long outputs = tensors.stream().filter(t -> t.role() == TensorRole.OUTPUT).count();
        if (outputs != 1) {
            throw new IllegalArgumentException(name + ": an operator has exactly one output, found " + outputs);
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Dim dim : dims) {
            if (sizes.put(dim.name(), dim.size()) != null) {
                throw new IllegalArgumentException(name + ": dimension " + dim.name() + " given twice");
            }
        }
        for (TensorSpec tensor : tensors) {
            for (Axis axis : tensor.axes()) {
                for (Axis.Term term : axis.terms()) {
                    if (!sizes.containsKey(term.dim())) {
                        throw new IllegalArgumentException(name + ": tensor " + tensor.name()
                                + " uses unknown dimension " + term.dim());
                    }
                }
            }
        }
        for (String dim : kind.dims()) {
            if (!sizes.containsKey(dim)) {
                throw new IllegalArgumentException(name + ": its " + kind.label() + " names unknown dimension " + dim);
            }
        }
    }

    /** Dimension sizes by name, in declaration order. */
    public Map<String, Long> dimSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        dims.forEach(d -> sizes.put(d.name(), d.size()));
        return Collections.unmodifiableMap(sizes);
    }

    public long size(String dim) {
        return dims.stream().filter(d -> d.name().equals(dim)).mapToLong(Dim::size).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no dimension " + dim));
    }

    /** Points of the dense iteration space. */
    public long points() {
        long product = 1;
        for (Dim dim : dims) {
            product = Math.multiplyExact(product, dim.size());
        }
        return product;
    }

    public TensorSpec output() {
        return tensors.stream().filter(t -> t.role() == TensorRole.OUTPUT).findFirst().orElseThrow();
    }

    public List<TensorSpec> weights() {
        return tensors.stream().filter(t -> t.role() == TensorRole.WEIGHT).toList();
    }

    public List<TensorSpec> operands() {
        return tensors.stream().filter(t -> t.role() != TensorRole.OUTPUT).toList();
    }

    /** Dimensions summed over: they index some operand but not the output. */
    public List<String> reductionDims() {
        TensorSpec out = output();
        return dims.stream().map(Dim::name).filter(d -> !out.indexedBy(d)).toList();
    }

    /** Whether the operator contracts operands on a MAC-style array (as opposed to a vector unit). */
    public boolean isContraction() {
        return kind instanceof OperatorKind.Contraction;
    }

    /**
     * Fraction of iteration points that do work. A contraction with a sparse operand skips
     * the zero products; the sparsest operand bounds the work.
     */
    public double density() {
        if (!isContraction()) {
            return 1.0;
        }
        return operands().stream().mapToDouble(t -> t.format().density()).min().orElse(1.0);
    }

    /** Iteration points that do work, after skipping zeros of sparse operands. */
    public double effectivePoints() {
        return points() * density();
    }

    /**
     * Multiply-accumulates that do work: products with a zero of a sparse operand left out,
     * whether or not the hardware skips them (its own count is in the results' {@code macs});
     * 0 for non-MAC operators.
     */
    public double macs() {
        return compute instanceof Compute.Mac ? effectivePoints() : 0;
    }

    /** All multiplications, those inside MACs included. */
    public double muls() {
        return effectivePoints() * compute.mulsPerPoint();
    }

    /** All additions, those inside MACs included. */
    public double adds() {
        return effectivePoints() * compute.addsPerPoint();
    }

    public double nonlinear() {
        return effectivePoints() * compute.nonlinearPerPoint();
    }
}
