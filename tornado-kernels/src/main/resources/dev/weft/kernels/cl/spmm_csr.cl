// Sparse weight times dense activations: C (rows x N) = S (rows x K, sparse) * B (K x N).
// A work-item computes RN adjacent columns of one output row, so every stored non-zero
// costs one vector load of a B row strip and one vector FMA: the work scales with the
// non-zeros, not with K.

__kernel void spmm_csr(__global const int* restrict rowPtr, __global const int* restrict colIdx,
                       __global const float* restrict values, __global const float* restrict B,
                       __global float* restrict C, const int rows, const int N) {
    const int col = get_global_id(0) * RN;
    const int row = get_global_id(1);
    if (row >= rows || col >= N) {
        return;
    }
    const int begin = rowPtr[row];
    const int end = rowPtr[row + 1];
    if (col + RN <= N) {
        vec acc = (vec)(0.0f);
        for (int at = begin; at < end; at++) {
            acc = mad((vec)(values[at]), VLOAD(B + (long)colIdx[at] * N + col), acc);
        }
        VSTORE(acc, C + (long)row * N + col);
    } else {
        for (int j = col; j < N; j++) {
            float acc = 0.0f;
            for (int at = begin; at < end; at++) {
                acc = mad(values[at], B[(long)colIdx[at] * N + j], acc);
            }
            C[(long)row * N + j] = acc;
        }
    }
}
