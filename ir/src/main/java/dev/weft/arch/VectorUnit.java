package dev.weft.arch;

import dev.weft.workload.DType;
import java.util.Objects;

/**
 * The SIMD unit beside the arrays that runs softmax, normalisation and activations.
 *
 * @param pjPerOp        energy of one add or multiply in one lane
 * @param pjPerNonlinear energy of one exp, division or square root in one lane
 */
public record VectorUnit(int lanes, DType dtype, double pjPerOp, double pjPerNonlinear) {

    public VectorUnit {
        Objects.requireNonNull(dtype, "dtype");
        if (lanes <= 0) {
            throw new IllegalArgumentException("a vector unit needs at least one lane, was " + lanes);
        }
        if (!(pjPerOp >= 0) || !(pjPerNonlinear >= 0) || Double.isInfinite(pjPerOp)
                || Double.isInfinite(pjPerNonlinear)) {
            throw new IllegalArgumentException("vector unit energies must be finite and >= 0");
        }
    }
}
