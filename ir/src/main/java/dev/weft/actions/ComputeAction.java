package dev.weft.actions;

/**
 * One kind of compute action an operator performs. The hardware's own actions (a PE's, a vector
 * lane's) are what an architecture's energy table prices; the algorithm's multiplications and
 * additions are what the per-operation convention of efficient-attention papers prices, whatever
 * unit runs them.
 */
public sealed interface ComputeAction permits ComputeAction.PeAction, ComputeAction.VectorOp,
        ComputeAction.Arithmetic {

    /** One action of a PE of the named array: a MAC, a sparse MAC step, or one word's XNOR-popcount. */
    record PeAction(String array) implements ComputeAction {
    }

    /** One operation of one vector lane: an add or multiply, or a non-linear function (exp, division, root). */
    record VectorOp(boolean nonlinear) implements ComputeAction {
        public static final VectorOp LINEAR = new VectorOp(false);
        public static final VectorOp NONLINEAR = new VectorOp(true);
    }

    /** The algorithm's multiplications or additions, as the operator counts them. */
    enum Arithmetic implements ComputeAction {
        MUL, ADD
    }
}
