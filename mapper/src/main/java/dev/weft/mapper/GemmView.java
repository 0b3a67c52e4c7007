package dev.weft.mapper;

import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule.GemmDims;
import dev.weft.workload.Dim;
import dev.weft.workload.Operator;
import dev.weft.workload.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A contraction seen as {@code batch} independent GEMMs {@code O[m,n] += A[m,k] * B[k,n]},
 * the way a systolic array executes it. Each named dimension is classified by which
 * tensors it indexes: all three (batch), output and A only (m), output and B only (n), or
 * not the output (reduction k). Convolutions become their im2col GEMM (m = N*P*Q,
 * k = C*R*S), as SCALE-Sim maps them; the sliding window's input reuse inside the array is
 * therefore not modelled, which overstates the streamed operand's buffer reads for
 * kernels larger than their stride.
 *
 * <p>A is the first operand, B the second (the weight of a linear layer or convolution);
 * B's storage format carries the sparsity. Further operands (a bias) preload the
 * accumulators and are read once per output tile, which the cost model neglects.
 */
public record GemmView(Operator operator, GemmDims dims, long batch, GemmTile problem, TensorSpec a, TensorSpec b,
                       TensorSpec out) {

    public static GemmView of(Operator operator) {
        List<TensorSpec> operands = operator.operands();
        if (!operator.isContraction() || operands.size() < 2) {
            throw new IllegalArgumentException(operator.name() + " is not a two-operand contraction");
        }
        TensorSpec a = operands.get(0);
        TensorSpec b = operands.get(1);
        TensorSpec out = operator.output();
        List<String> batchDims = new ArrayList<>();
        List<String> mDims = new ArrayList<>();
        List<String> nDims = new ArrayList<>();
        List<String> kDims = new ArrayList<>();
        long batch = 1;
        long m = 1;
        long n = 1;
        long k = 1;
        for (Dim dim : operator.dims()) {
            String name = dim.name();
            boolean inA = a.indexedBy(name);
            boolean inB = b.indexedBy(name);
            if (!out.indexedBy(name)) {
                kDims.add(name);
                k *= dim.size();
            } else if (inA && inB) {
                batchDims.add(name);
                batch *= dim.size();
            } else if (inB) {
                nDims.add(name);
                n *= dim.size();
            } else {
                mDims.add(name);
                m *= dim.size();
            }
        }
        return new GemmView(operator, new GemmDims(batchDims, mDims, nDims, kDims), batch, new GemmTile(m, n, k), a,
                b, out);
    }

    /** Fraction of B's elements stored (and of products performed by a zero-skipping array). */
    public double density() {
        return b.format().density();
    }
}
