// Fused softmax attention (FlashAttention-style online softmax). One work-item per query
// of a head walks the keys in tiles of KV_TILE: the tile's scores, their maximum, then the
// running sum and the output rescaled once per tile. Scores never reach global memory.
// The query and the output accumulator are HEAD_DIM / RN vectors of RN floats in
// registers (HEAD_DIM and RN are build-time defines, RN dividing HEAD_DIM).

#define CHUNKS (HEAD_DIM / RN)

inline float hsum(const vec v) {
#if RN == 1
    return v;
#elif RN == 2
    return v.s0 + v.s1;
#elif RN == 4
    return (v.s0 + v.s1) + (v.s2 + v.s3);
#elif RN == 8
    const float4 q = v.lo + v.hi;
    return (q.s0 + q.s1) + (q.s2 + q.s3);
#else
    const float8 h = v.lo + v.hi;
    const float4 q = h.lo + h.hi;
    return (q.s0 + q.s1) + (q.s2 + q.s3);
#endif
}

__kernel void attention(__global const float* restrict Q, __global const float* restrict K,
                        __global const float* restrict V, __global float* restrict O,
                        const int queries, const int keys, const float scale, const int causal) {
    const int i = get_global_id(0);
    const long h = get_global_id(1);
    if (i >= queries) {
        return;
    }
    __global const float* q = Q + (h * queries + i) * HEAD_DIM;
    __global const float* k = K + h * keys * HEAD_DIM;
    __global const float* v = V + h * keys * HEAD_DIM;
    vec qs[CHUNKS];
    vec acc[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
        qs[c] = VLOAD(q + c * RN) * scale;
        acc[c] = (vec)(0.0f);
    }
    const int last = causal ? i + keys - queries : keys - 1;
    // kernels build with -cl-fast-relaxed-math, which assumes finite values: no -INFINITY
    // start, the first tile sets the running maximum instead
    float max = 0.0f;
    float total = 0.0f;
    float s[KV_TILE];
    for (int j0 = 0; j0 <= last; j0 += KV_TILE) {
        const int n = min(KV_TILE, last + 1 - j0);
        for (int t = 0; t < n; t++) {
            __global const float* key = k + (long)(j0 + t) * HEAD_DIM;
            vec dot = (vec)(0.0f);
            for (int c = 0; c < CHUNKS; c++) {
                dot = mad(qs[c], VLOAD(key + c * RN), dot);
            }
            s[t] = hsum(dot);
        }
        float tileMax = j0 == 0 ? s[0] : max;
        for (int t = 0; t < n; t++) {
            tileMax = fmax(tileMax, s[t]);
        }
        const float rescale = j0 == 0 ? 0.0f : exp(max - tileMax);
        total *= rescale;
        for (int c = 0; c < CHUNKS; c++) {
            acc[c] *= rescale;
        }
        for (int t = 0; t < n; t++) {
            const float p = exp(s[t] - tileMax);
            total += p;
            __global const float* value = v + (long)(j0 + t) * HEAD_DIM;
            for (int c = 0; c < CHUNKS; c++) {
                acc[c] = mad((vec)(p), VLOAD(value + c * RN), acc[c]);
            }
        }
        max = tileMax;
    }
    const float inv = 1.0f / total;
    for (int c = 0; c < CHUNKS; c++) {
        VSTORE(acc[c] * inv, O + (h * queries + i) * HEAD_DIM + c * RN);
    }
}
