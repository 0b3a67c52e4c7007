package dev.weft.workload;

import java.util.List;

/**
 * One GEMM on its own, {@code O[M,N] += A[M,K] * B[K,N]} with B the weight (read from DRAM like
 * any layer's), repeated for a batch: what {@code estimate --gemm} maps. Its "tokens" are the
 * rows of A, so energy per token is energy per row.
 */
public final class GemmWorkload {
    private GemmWorkload() {
    }

    public static Workload of(long m, long k, long n, int batch, DType dtype) {
        if (m <= 0 || k <= 0 || n <= 0 || batch <= 0 || m > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("GEMM sizes must be positive");
        }
        String name = "gemm";
        Operator operator = new Operator(name, "linear", name,
                List.of(new Dim("B", batch), new Dim("M", m), new Dim("N", n), new Dim("K", k)),
                List.of(new TensorSpec(name + ".a", TensorRole.INPUT, List.of(Axis.of("B"), Axis.of("M"), Axis.of("K")),
                                dtype, StorageFormat.DENSE),
                        new TensorSpec(name + ".b", TensorRole.WEIGHT, List.of(Axis.of("K"), Axis.of("N")), dtype,
                                StorageFormat.DENSE),
                        new TensorSpec(name + ".out", TensorRole.OUTPUT, List.of(Axis.of("B"), Axis.of("M"),
                                Axis.of("N")), dtype, StorageFormat.DENSE)),
                new Compute.Mac(dtype), OperatorKind.CONTRACTION);
        WorkloadSpec spec = new WorkloadSpec(batch, (int) m, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, dtype, WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        return new Workload("gemm-" + m + "x" + k + "x" + n, "gemm", false, spec, List.of(operator));
    }
}
