// FlashAttention-style fused softmax attention (Dao et al., 2022; the loop order of
// FlashAttention-2): a work-group of BR work-items takes BR consecutive queries of one head
// of one sequence, one query each, and walks the keys in blocks of BC. Each block of keys and
// values is staged once in local memory and serves the whole group; each work-item keeps its
// query, its BC scores, the running maximum and sum (online softmax) and its output row in
// private memory, so the BR x BC score tile never reaches global memory.
//
// Q and O are token-major, [batch][queries][heads][HEAD_DIM]; K and V are the KV cache,
// [batch][kvHeads][capacity][HEAD_DIM], of which the first `keys` tokens are held. Query head h
// reads key/value head h / (heads / kvHeads) (grouped-query attention). With `causal`, query i
// sees keys 0 .. i + keys - queries.

// kernels build with -cl-fast-relaxed-math, which assumes finite values: masked scores get
// a large finite negative instead of -INFINITY, and exp() of it is 0
#define MASKED (-1.0e30f)
// a head's HEAD_DIM floats as CHUNKS vectors of RN (vector.h), so dot products and the output
// update run on SIMD lanes within each work-item
#define CHUNKS (HEAD_DIM / RN)

inline float lanes(vec v) {
#if RN == 1
    return v;
#elif RN == 2
    return v.s0 + v.s1;
#elif RN == 4
    return (v.s0 + v.s1) + (v.s2 + v.s3);
#elif RN == 8
    const float4 w = v.lo + v.hi;
    return (w.s0 + w.s1) + (w.s2 + w.s3);
#else
    const float8 u = v.lo + v.hi;
    const float4 w = u.lo + u.hi;
    return (w.s0 + w.s1) + (w.s2 + w.s3);
#endif
}

__kernel __attribute__((reqd_work_group_size(BR, 1, 1)))
void flash_attention(__global const float* restrict Q, __global const float* restrict K,
                     __global const float* restrict V, __global float* restrict O, const int queries,
                     const int heads, const int kvHeads, const int keys, const int capacity, const float scale,
                     const int causal) {
    __local float kBlock[BC * HEAD_DIM];
    __local float vBlock[BC * HEAD_DIM];
    const int lid = get_local_id(0);
    const int first = get_group_id(0) * BR;
    const int h = get_global_id(1);
    const long b = get_global_id(2);
    // work-items past the last query repeat it, so that all reach the barriers, and store nothing
    const int i = min(first + lid, queries - 1);
    const int offset = causal ? keys - queries : 0;
    const int last = causal ? i + offset : keys - 1;
    const int groupLast = causal ? min(keys - 1, min(first + BR, queries) - 1 + offset) : keys - 1;
    const long kvBase = (b * kvHeads + h / (heads / kvHeads)) * capacity * HEAD_DIM;
    __global const float* q = Q + ((b * queries + i) * heads + h) * HEAD_DIM;
    vec qs[CHUNKS];
    vec acc[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
        qs[c] = VLOAD(q + c * RN) * scale;
        acc[c] = (vec)(0.0f);
    }
    float running = MASKED;
    float total = 0.0f;
    for (int j0 = 0; j0 <= groupLast; j0 += BC) {
        const int n = min(BC, groupLast + 1 - j0);
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int t = lid; t < n * HEAD_DIM; t += BR) {
            kBlock[t] = K[kvBase + (long)j0 * HEAD_DIM + t];
            vBlock[t] = V[kvBase + (long)j0 * HEAD_DIM + t];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        float s[BC];
        float blockMax = running;
        for (int t = 0; t < BC; t++) {
            float dot = MASKED;
            if (t < n && j0 + t <= last) {
                vec sum = (vec)(0.0f);
                for (int c = 0; c < CHUNKS; c++) {
                    sum = fma(qs[c], VLOAD(kBlock + t * HEAD_DIM + c * RN), sum);
                }
                dot = lanes(sum);
            }
            s[t] = dot;
            blockMax = fmax(blockMax, dot);
        }
        const float rescale = exp(running - blockMax);
        total *= rescale;
        for (int c = 0; c < CHUNKS; c++) {
            acc[c] *= rescale;
        }
        for (int t = 0; t < n; t++) {
            const float p = j0 + t <= last ? exp(s[t] - blockMax) : 0.0f;
            total += p;
            for (int c = 0; c < CHUNKS; c++) {
                acc[c] = fma((vec)(p), VLOAD(vBlock + t * HEAD_DIM + c * RN), acc[c]);
            }
        }
        running = blockMax;
    }
    if (first + lid < queries) {
        const float inv = 1.0f / total;
        __global float* o = O + ((b * queries + i) * heads + h) * HEAD_DIM;
        for (int c = 0; c < CHUNKS; c++) {
            VSTORE(acc[c] * inv, o + c * RN);
        }
    }
}
