// N:M compressed weights times dense activations; see spmm_csr.cl for the layout of the work.
// N:M compressed rows: SN values per group of SM columns, each with its column in the group
// (checked on the host to lie inside the matrix, also in a partial last group).
__kernel void spmm_nm(__global const float* restrict values, __global const int* restrict indices,
                      __global const float* restrict B, __global float* restrict C,
                      const int rows, const int K, const int N) {
    const int col = get_global_id(0) * CB * RN;
    const int row = get_global_id(1);
    if (row >= rows || col >= N) {
        return;
    }
    const int groups = (K + SM - 1) / SM;
    const long base = (long)row * groups * SN;
    if (col + CB * RN <= N) {
        vec acc[CB];
        #pragma unroll
        for (int c = 0; c < CB; c++) {
            acc[c] = (vec)(0.0f);
        }
        for (int g = 0; g < groups; g++) {
            for (int s = 0; s < SN; s++) {
                const long at = base + g * SN + s;
                const vec a = (vec)(values[at]);
                __global const float* strip = B + (long)(g * SM + indices[at]) * N + col;
                #pragma unroll
                for (int c = 0; c < CB; c++) {
                    acc[c] = fma(a, VLOAD(strip + c * RN), acc[c]);
                }
            }
        }
        #pragma unroll
        for (int c = 0; c < CB; c++) {
            VSTORE(acc[c], C + (long)row * N + col + c * RN);
        }
    } else {
        for (int j = col; j < min(N, col + CB * RN); j++) {
            float acc = 0.0f;
            for (int g = 0; g < groups; g++) {
                for (int s = 0; s < SN; s++) {
                    const long at = base + g * SN + s;
                    acc = mad(values[at], B[(long)(g * SM + indices[at]) * N + j], acc);
                }
            }
            C[(long)row * N + j] = acc;
        }
    }
}
