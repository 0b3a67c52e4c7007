// Fused softmax attention (FlashAttention-style online softmax). One work-item takes QB
// queries of a head and walks the keys in tiles of 16: each query's 16 scores as one
// float16 (keys along the vector, so a score needs no horizontal sum), their maximum, then
// the running sum and the output rescaled once per tile. Scores never reach global memory.
// Every key and value vector loaded serves all QB queries, as a GEMM's register block does.
// Keys come transposed, KT[h][d][j] with rows `ldk` apart, so a tile of 16 keys' d-th
// components is one vector load. Each output accumulator is HEAD_DIM / RN vectors of RN floats.

#define CHUNKS (HEAD_DIM / RN)
#define KV_TILE 16
#define QB 4
// kernels build with -cl-fast-relaxed-math, which assumes finite values: masked scores get
// a large finite negative instead of -INFINITY, and exp() of it is 0
#define MASKED (-1.0e30f)

__kernel void attention(__global const float* restrict Q, __global const float* restrict KT,
                        __global const float* restrict V, __global float* restrict O,
                        const int queries, const int keys, const int ldk, const float scale, const int causal) {
    const int i0 = get_global_id(0) * QB;
    const long h = get_global_id(1);
    if (i0 >= queries) {
        return;
    }
    __global const float* kt = KT + h * HEAD_DIM * ldk;
    __global const float* v = V + h * keys * HEAD_DIM;
    // queries past the end repeat the last one and are not stored
    float qs[QB][HEAD_DIM];
    int last[QB];
    vec acc[QB][CHUNKS];
    float running[QB];
    float total[QB];
    int end = 0;
    for (int b = 0; b < QB; b++) {
        const int i = min(i0 + b, queries - 1);
        __global const float* q = Q + (h * queries + i) * HEAD_DIM;
        for (int d = 0; d < HEAD_DIM; d++) {
            qs[b][d] = q[d] * scale;
        }
        last[b] = causal ? i + keys - queries : keys - 1;
        end = max(end, last[b]);
        for (int c = 0; c < CHUNKS; c++) {
            acc[b][c] = (vec)(0.0f);
        }
        running[b] = MASKED;
        total[b] = 0.0f;
    }
    const int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (int j0 = 0; j0 <= end; j0 += KV_TILE) {
        float16 s[QB];
        #pragma unroll
        for (int b = 0; b < QB; b++) {
            s[b] = (float16)(0.0f);
        }
        for (int d = 0; d < HEAD_DIM; d++) {
            const float16 k = vload16(0, kt + (long)d * ldk + j0);
            #pragma unroll
            for (int b = 0; b < QB; b++) {
                s[b] = fma((float16)(qs[b][d]), k, s[b]);
            }
        }
        float ps[QB][KV_TILE];
        int n = 0;
        #pragma unroll
        for (int b = 0; b < QB; b++) {
            const int nb = clamp(last[b] + 1 - j0, 0, KV_TILE);
            n = max(n, nb);
            const float16 masked = select((float16)(MASKED), s[b], lane < nb);
            const float8 m8 = fmax(masked.lo, masked.hi);
            const float4 m4 = fmax(m8.lo, m8.hi);
            const float tileMax = fmax(running[b], fmax(fmax(m4.s0, m4.s1), fmax(m4.s2, m4.s3)));
            const float rescale = exp(running[b] - tileMax);
            const float16 p = exp(masked - tileMax);
            const float8 p8 = p.lo + p.hi;
            const float4 p4 = p8.lo + p8.hi;
            total[b] = total[b] * rescale + (p4.s0 + p4.s1) + (p4.s2 + p4.s3);
            for (int c = 0; c < CHUNKS; c++) {
                acc[b][c] *= rescale;
            }
            vstore16(p, 0, ps[b]);
            running[b] = tileMax;
        }
        for (int t = 0; t < n; t++) {
            __global const float* value = v + (long)(j0 + t) * HEAD_DIM;
            for (int c = 0; c < CHUNKS; c++) {
                const vec val = VLOAD(value + c * RN);
                #pragma unroll
                for (int b = 0; b < QB; b++) {
                    acc[b][c] = fma((vec)(ps[b][t]), val, acc[b][c]);
                }
            }
        }
    }
    for (int b = 0; b < QB && i0 + b < queries; b++) {
        const float inv = 1.0f / total[b];
        for (int c = 0; c < CHUNKS; c++) {
            VSTORE(acc[b][c] * inv, O + (h * queries + i0 + b) * HEAD_DIM + c * RN);
        }
    }
}
