// Kernel linear attention (Katharopoulos et al. 2020): out_i = phi(q_i)^T S / phi(q_i) . z
// with S = sum_j phi(k_j) v_j^T and z = sum_j phi(k_j), phi(x) = elu(x) + 1. Linear in the
// sequence length: the keys are summarised once per head, then each query reads the
// summary. HEAD_DIM is a build-time define.

// phi in place, once per element, so the passes below are multiply-adds only.
__kernel void feature_map(__global float* restrict x, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        x[i] = v > 0.0f ? v + 1.0f : exp(v);
    }
}

// The per-head summary: S[d][e] for e < HEAD_DIM, z[d] in column HEAD_DIM.
__kernel void linear_attention_kv(__global const float* restrict PhiK, __global const float* restrict V,
                                  __global float* restrict KV, const int keys) {
    const int e = get_global_id(0);
    const int d = get_global_id(1);
    const long h = get_global_id(2);
    if (e > HEAD_DIM || d >= HEAD_DIM) {
        return;
    }
    __global const float* k = PhiK + h * keys * HEAD_DIM;
    __global const float* v = V + h * keys * HEAD_DIM;
    float acc = 0.0f;
    if (e == HEAD_DIM) {
        for (int j = 0; j < keys; j++) {
            acc += k[(long)j * HEAD_DIM + d];
        }
    } else {
        for (int j = 0; j < keys; j++) {
            acc = mad(k[(long)j * HEAD_DIM + d], v[(long)j * HEAD_DIM + e], acc);
        }
    }
    KV[(h * HEAD_DIM + d) * (HEAD_DIM + 1) + e] = acc;
}

__kernel void linear_attention_out(__global const float* restrict PhiQ, __global const float* restrict KV,
                                   __global float* restrict O, const int queries) {
    const int e = get_global_id(0);
    const int i = get_global_id(1);
    const long h = get_global_id(2);
    if (e >= HEAD_DIM || i >= queries) {
        return;
    }
    __global const float* q = PhiQ + (h * queries + i) * HEAD_DIM;
    __global const float* kv = KV + h * HEAD_DIM * (HEAD_DIM + 1);
    float num = 0.0f;
    float den = 0.0f;
    for (int d = 0; d < HEAD_DIM; d++) {
        num = mad(q[d], kv[d * (HEAD_DIM + 1) + e], num);
        den = mad(q[d], kv[d * (HEAD_DIM + 1) + HEAD_DIM], den);
    }
    O[(h * queries + i) * HEAD_DIM + e] = num / den;
}
