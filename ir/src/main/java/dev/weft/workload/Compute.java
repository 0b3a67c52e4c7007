package dev.weft.workload;

/**
 * What happens at each point of an operator's iteration space. Kept apart from the
 * dimensions so that counting (MACs, multiplications, additions) is one formula per kind.
 */
public sealed interface Compute {

    /** Multiplications per iteration point. */
    double mulsPerPoint();

    /** Additions per iteration point (comparisons and subtractions count as additions). */
    double addsPerPoint();

    /** Non-linear function evaluations (exp, division, square root, tanh) per point. */
    double nonlinearPerPoint();

    /** Arithmetic type of the operation. */
    DType dtype();

    /** One multiply-accumulate per point: a product contracted over the reduction dimensions. */
    record Mac(DType dtype) implements Compute {
        @Override
        public double mulsPerPoint() {
            return 1;
        }

        @Override
        public double addsPerPoint() {
            return 1;
        }

        @Override
        public double nonlinearPerPoint() {
            return 0;
        }
    }

    /**
     * A contraction in which one operand is a binary (+1/-1) code, so each product is a
     * signed addition: EcoFormer's attention on hash codes. One addition per point.
     */
    record BinaryAccumulate(DType dtype) implements Compute {
        @Override
        public double mulsPerPoint() {
            return 0;
        }

        @Override
        public double addsPerPoint() {
            return 1;
        }

        @Override
        public double nonlinearPerPoint() {
            return 0;
        }
    }

    /**
     * Point-wise and reduction work on a vector unit (softmax, normalisation, activations,
     * residual adds, recurrences); which of those it is, a scan's sequential dimension
     * included, is the operator's {@link OperatorKind}.
     */
    record Vector(DType dtype, double mulsPerPoint, double addsPerPoint, double nonlinearPerPoint)
            implements Compute {
        public Vector {
            if (mulsPerPoint < 0 || addsPerPoint < 0 || nonlinearPerPoint < 0) {
                throw new IllegalArgumentException("operation counts cannot be negative");
            }
        }
    }

    /** A table lookup (embedding gather): data movement only, no arithmetic. */
    record Gather(DType dtype) implements Compute {
        @Override
        public double mulsPerPoint() {
            return 0;
        }

        @Override
        public double addsPerPoint() {
            return 0;
        }

        @Override
        public double nonlinearPerPoint() {
            return 0;
        }
    }
}
