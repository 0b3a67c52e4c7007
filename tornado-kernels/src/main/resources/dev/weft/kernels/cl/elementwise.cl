// Point-wise kernels: one work-item per element, which PoCL vectorises across work-items.

__kernel void gelu(__global const float* restrict x, __global float* restrict y, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        // GPT-2's gelu_new: 0.5 v (1 + tanh(sqrt(2/pi) (v + 0.044715 v^3)))
        y[i] = 0.5f * v * (1.0f + tanh(0.7978845608f * (v + 0.044715f * v * v * v)));
    }
}

__kernel void add(__global const float* restrict x, __global const float* restrict y, __global float* restrict z,
                  const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        z[i] = x[i] + y[i];
    }
}

// One work-item per row: mean, then variance around it (two passes: stable for large means).
__kernel void layernorm(__global const float* restrict x, __global const float* restrict gamma,
                        __global const float* restrict beta, __global float* restrict y,
                        const int rows, const int cols, const float eps) {
    const int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global const float* in = x + (long)r * cols;
    __global float* out = y + (long)r * cols;
    float sum = 0.0f;
    for (int j = 0; j < cols; j++) {
        sum += in[j];
    }
    const float mean = sum / cols;
    float squares = 0.0f;
    for (int j = 0; j < cols; j++) {
        const float d = in[j] - mean;
        squares = mad(d, d, squares);
    }
    const float inv = rsqrt(squares / cols + eps);
    for (int j = 0; j < cols; j++) {
        out[j] = mad((in[j] - mean) * inv, gamma[j], beta[j]);
    }
}

// Row-wise softmax of attention scores (the unfused path): scale, causal mask, normalise in place.
// Row r belongs to query r % queries of its head; query i sees keys 0 .. i + keys - queries.
__kernel void softmax_rows(__global float* restrict s, const int rows, const int queries, const int keys,
                           const float scale, const int causal) {
    const int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global float* row = s + (long)r * keys;
    const int last = causal ? (r % queries) + keys - queries : keys - 1;
    float max = row[0] * scale;
    for (int j = 1; j <= last; j++) {
        max = fmax(max, row[j] * scale);
    }
    float total = 0.0f;
    for (int j = 0; j <= last; j++) {
        const float e = exp(row[j] * scale - max);
        row[j] = e;
        total += e;
    }
    const float inv = 1.0f / total;
    for (int j = 0; j < keys; j++) {
        row[j] = j <= last ? row[j] * inv : 0.0f;
    }
}

// [batch, rows, cols] -> [batch, cols, rows], output rows `ld` apart (ld >= rows pads them)
__kernel void transpose(__global const float* restrict x, __global float* restrict y, const int rows,
                        const int cols, const int ld) {
    const int c = get_global_id(0);
    const int r = get_global_id(1);
    const long b = get_global_id(2);
    if (r < rows && c < cols) {
        y[(b * cols + c) * ld + r] = x[(b * rows + r) * cols + c];
    }
}
