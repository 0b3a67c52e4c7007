// Register-blocked batched GEMM: C[b] = A[b] (M x K) * B[b] (K x N), all row-major.
//
// A work-group computes the schedule's TM x TN tile of C; each work-item an RM x RN block
// of it, held in RM vector registers of RN floats. One launch covers the reduction panel
// k0 <= k < kEnd (the schedule's k tile) and adds to C when `accumulate` is set; the host
// launches panel after panel. When several row tiles share B, it is first packed (pack_b)
// into column strips of TN, each strip K rows of TN contiguous floats, zero-padded past N:
// a work-group then reads its strip sequentially instead of one cache line per 4 KiB page.
// With a single row tile (decode: M = 1) every B element is read once and packing would
// only double the traffic, so the kernel then reads B where it is (`packed` = 0).
// On a CPU (PoCL) each work-group runs on one core, its work-items one after another, so
// the panel's rows of A and its strip of B stay in that core's cache; on a GPU the same
// code keeps RM * RN accumulators per thread. Rows past M read row M-1 and are not stored.

// Bp[b][strip][k][c] = B[b][k][strip * TN + c], zero past N.
__kernel void pack_b(__global const float* restrict B, __global float* restrict Bp, const int K, const int N,
                     const int strips) {
    const int c = get_global_id(0);
    const int k = get_global_id(1);
    const long batch = get_global_id(2);
    if (c >= strips * TN || k >= K) {
        return;
    }
    const int strip = c / TN;
    const int col = c % TN;
    Bp[((batch * strips + strip) * K + k) * TN + col] = c < N ? B[(batch * K + k) * N + c] : 0.0f;
}

__kernel __attribute__((reqd_work_group_size(TN / RN, TM / RM, 1)))
void gemm(__global const float* restrict A, __global const float* restrict B, __global float* restrict C,
          const int M, const int N, const int K, const int k0, const int kEnd, const int accumulate,
          const int packed) {
    const int col = get_global_id(0) * RN;
    const int row = get_global_id(1) * RM;
    const long batch = get_global_id(2);
    if (row >= M) {
        return;
    }
    const int strips = (N + TN - 1) / TN;
    A += batch * M * K;
    C += batch * M * N;
    // this work-item's RN columns of B, row after row `ldb` apart
    __global const float* bcols = packed ? B + ((batch * strips + get_group_id(0)) * K) * TN + get_local_id(0) * RN
                                         : B + batch * K * N + col;
    const long ldb = packed ? TN : N;
    __global const float* rows[RM];
    for (int i = 0; i < RM; i++) {
        rows[i] = A + (long)min(row + i, M - 1) * K;
    }
    const bool full = col + RN <= N;
    vec acc[RM];
    for (int i = 0; i < RM; i++) {
        acc[i] = (vec)(0.0f);
        if (accumulate && row + i < M) {
            if (full) {
                acc[i] = VLOAD(C + (long)(row + i) * N + col);
            } else {
                for (int j = 0; col + j < N; j++) {
                    ((float*)&acc[i])[j] = C[(long)(row + i) * N + col + j];
                }
            }
        }
    }
    if (full || packed) {
        int k = k0;
        // four reduction steps per iteration: one float4 of each A row feeds four FMAs
        for (; k + 4 <= kEnd; k += 4) {
            const vec b0 = VLOAD(bcols + k * ldb);
            const vec b1 = VLOAD(bcols + (k + 1) * ldb);
            const vec b2 = VLOAD(bcols + (k + 2) * ldb);
            const vec b3 = VLOAD(bcols + (k + 3) * ldb);
            #pragma unroll
            for (int i = 0; i < RM; i++) {
                const float4 a = vload4(0, rows[i] + k);
                acc[i] = fma((vec)(a.s0), b0, acc[i]);
                acc[i] = fma((vec)(a.s1), b1, acc[i]);
                acc[i] = fma((vec)(a.s2), b2, acc[i]);
                acc[i] = fma((vec)(a.s3), b3, acc[i]);
            }
        }
        for (; k < kEnd; k++) {
            const vec b = VLOAD(bcols + k * ldb);
            #pragma unroll
            for (int i = 0; i < RM; i++) {
                acc[i] = fma((vec)(rows[i][k]), b, acc[i]);
            }
        }
    } else {
        // the last, partial strip of an unpacked B: only the columns that exist
        for (int k = k0; k < kEnd; k++) {
            for (int j = 0; col + j < N; j++) {
                const float b = bcols[k * ldb + j];
                for (int i = 0; i < RM; i++) {
                    ((float*)&acc[i])[j] = mad(rows[i][k], b, ((float*)&acc[i])[j]);
                }
            }
        }
    }
    for (int i = 0; i < RM && row + i < M; i++) {
        if (full) {
            VSTORE(acc[i], C + (long)(row + i) * N + col);
        } else {
            for (int j = 0; col + j < N; j++) {
                C[(long)(row + i) * N + col + j] = ((float*)&acc[i])[j];
            }
        }
    }
}
