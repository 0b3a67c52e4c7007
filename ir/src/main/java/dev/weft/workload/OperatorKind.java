package dev.weft.workload;

import java.util.List;

/**
 * What shape of work an operator is, the one fact the mapper's cost-model registry, the
 * simulator and fusion dispatch on. {@link Compute} counts the arithmetic at each point; the
 * kind says how the points depend on each other: a contraction sums products over its reduced
 * dimensions, an element-wise operator's points are independent, a row reduction reads a whole
 * row before it writes any of it, a gather reads the table rows its indices pick, a scan steps
 * along a dimension whose iterations depend on each other. The display label {@link Operator#op()}
 * says which operator it is for people; code never tests it.
 *
 * <p>The family is closed so that each kind's needs are fields the compiler checks. A kind
 * defined outside the IR (a plug-in, or a test) implements {@link Extension}: it reaches the
 * cost-model registry like the others, and every other backend rejects it by name.
 */
public sealed interface OperatorKind {

    /** Every contraction that is not part of an attention core. */
    Contraction CONTRACTION = new Contraction(Contraction.Role.PLAIN);

    ElementWise ELEMENT_WISE = new ElementWise();

    /** Whether {@code compute} describes this kind's per-point work. */
    boolean fits(Compute compute);

    /** The dimensions the kind names, which its operator must have. */
    default List<String> dims() {
        return List.of();
    }

    /** The short name reports and error messages use, e.g. {@code row-reduction}. */
    String label();

    /** Whether this is a contraction playing {@code role} in an attention core. */
    default boolean is(Contraction.Role role) {
        return this instanceof Contraction contraction && contraction.role() == role;
    }

    /** Whether this is a contraction of softmax attention: its scores or its context, split by heads. */
    default boolean softmaxAttention() {
        return is(Contraction.Role.ATTENTION_SCORES) || is(Contraction.Role.ATTENTION_CONTEXT);
    }

    /**
     * Products summed over the dimensions that index an operand but not the output
     * ({@link Operator#reductionDims()}), on a MAC or XNOR-popcount array.
     *
     * @param role its place in an attention core, which fusion needs to find the core's blocks
     */
    record Contraction(Role role) implements OperatorKind {
        public enum Role {
            PLAIN,
            /** Query times keys: the score matrix FlashAttention keeps on chip. */
            ATTENTION_SCORES,
            /** Softmax weights times values: the context of softmax attention. */
            ATTENTION_CONTEXT,
            /**
             * The context of an attention without a score matrix (linear attention, EcoFormer):
             * queries times a key-value summary.
             */
            SUMMARY_CONTEXT;

            /** Whether the contraction produces an attention core's context. */
            public boolean context() {
                return this == ATTENTION_CONTEXT || this == SUMMARY_CONTEXT;
            }
        }

        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Mac || compute instanceof Compute.BinaryAccumulate;
        }

        @Override
        public String label() {
            return "contraction";
        }
    }

    /** Independent work per point: activations, residual adds, scaling, concatenation. */
    record ElementWise() implements OperatorKind {
        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Vector;
        }

        @Override
        public String label() {
            return "element-wise";
        }
    }

    /**
     * Work that reads a whole row along {@code reducedDim} before it writes any of it: softmax,
     * layer and RMS normalisation. A fused tile must therefore span whole rows.
     *
     * @param passes      reads of each row an unfused implementation makes (softmax: max, sum of
     *                    exponentials, normalise; a norm: moments, normalise)
     * @param exponential a softmax: its blocked (online) form rescales the partial sums whenever a
     *                    later block raises the row's maximum
     */
    record RowReduction(String reducedDim, int passes, boolean exponential) implements OperatorKind {
        public RowReduction {
            if (passes < 1) {
                throw new IllegalArgumentException("a row reduction reads its row at least once, was " + passes);
            }
        }

        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Vector;
        }

        @Override
        public List<String> dims() {
            return List.of(reducedDim);
        }

        @Override
        public String label() {
            return "row-reduction";
        }
    }

    /** A table lookup: the rows of the table along {@code indexedDim} that the indices pick. */
    record Gather(String indexedDim) implements OperatorKind {
        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Gather;
        }

        @Override
        public List<String> dims() {
            return List.of(indexedDim);
        }

        @Override
        public String label() {
            return "gather";
        }
    }

    /** A recurrence whose steps along {@code sequentialDim} depend on each other (Mamba's selective scan). */
    record Scan(String sequentialDim) implements OperatorKind {
        @Override
        public boolean fits(Compute compute) {
            return compute instanceof Compute.Vector;
        }

        @Override
        public List<String> dims() {
            return List.of(sequentialDim);
        }

        @Override
        public String label() {
            return "scan";
        }
    }

    /** A kind defined outside the IR; only a cost model registered for it knows what it costs. */
    non-sealed interface Extension extends OperatorKind {
    }
}
