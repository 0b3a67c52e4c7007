// Sparse weight times dense activations: C (rows x N) = S (rows x K, sparse) * B (K x N).
// A work-item computes CB * RN adjacent columns of one output row, so every stored non-zero
// costs CB vector loads of a contiguous B row strip and CB independent vector FMAs (CB
// chains keep the FMA units busy where one would wait on its own latency): the work
// scales with the non-zeros, not with K. CB is set by the host (SPMM_COLUMN_BLOCKS).

__kernel void spmm_csr(__global const int* restrict rowPtr, __global const int* restrict colIdx,
                       __global const float* restrict values, __global const float* restrict B,
                       __global float* restrict C, const int rows, const int N) {
    const int col = get_global_id(0) * CB * RN;
    const int row = get_global_id(1);
    if (row >= rows || col >= N) {
        return;
    }
    const int begin = rowPtr[row];
    const int end = rowPtr[row + 1];
    if (col + CB * RN <= N) {
        vec acc[CB];
        #pragma unroll
        for (int c = 0; c < CB; c++) {
            acc[c] = (vec)(0.0f);
        }
        for (int at = begin; at < end; at++) {
            const vec a = (vec)(values[at]);
            __global const float* strip = B + (long)colIdx[at] * N + col;
            #pragma unroll
            for (int c = 0; c < CB; c++) {
                acc[c] = fma(a, VLOAD(strip + c * RN), acc[c]);
            }
        }
        #pragma unroll
        for (int c = 0; c < CB; c++) {
            VSTORE(acc[c], C + (long)row * N + col + c * RN);
        }
    } else {
        for (int j = col; j < min(N, col + CB * RN); j++) {
            float acc = 0.0f;
            for (int at = begin; at < end; at++) {
                acc = mad(values[at], B[(long)colIdx[at] * N + j], acc);
            }
            C[(long)row * N + j] = acc;
        }
    }
}
