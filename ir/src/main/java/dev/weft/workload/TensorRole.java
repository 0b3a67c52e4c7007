package dev.weft.workload;

/** What a tensor is to the operator that touches it; the mapper's reuse analysis keys on it. */
public enum TensorRole {
    /** An activation read by the operator. */
    INPUT,
    /** A learned parameter: counted in the model's parameter total. */
    WEIGHT,
    /** The operator's result. */
    OUTPUT
}
