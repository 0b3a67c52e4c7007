// Point-wise and row-wise kernels: one work-item per element or row, which PoCL vectorises
// across work-items.

// ACT picks the non-linearity (the Pointwise enum's order): 0 GELU (GPT-2's gelu_new,
// 0.5 v (1 + tanh(sqrt(2/pi) (v + 0.044715 v^3)))), 1 SiLU, 2 tanh
__kernel void pointwise(__global const float* restrict x, __global float* restrict y, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
#if ACT == 0
        y[i] = 0.5f * v * (1.0f + tanh(0.7978845608f * (v + 0.044715f * v * v * v)));
#elif ACT == 1
        y[i] = v / (1.0f + exp(-v));
#else
        y[i] = tanh(v);
#endif
    }
}

// y repeats along x with the given period: a residual (period n), a bias (one row), a position table
__kernel void add(__global const float* restrict x, __global const float* restrict y, __global float* restrict z,
                  const int n, const int period) {
    const int i = get_global_id(0);
    if (i < n) {
        z[i] = x[i] + y[i % period];
    }
}

__kernel void mul(__global const float* restrict x, __global const float* restrict y, __global float* restrict z,
                  const int n, const int period) {
    const int i = get_global_id(0);
    if (i < n) {
        z[i] = x[i] * y[i % period];
    }
}

// One work-item per row: root mean square, then scale (Llama's RMSNorm).
__kernel void rmsnorm(__global const float* restrict x, __global const float* restrict gamma,
                      __global float* restrict y, const int rows, const int cols, const float eps) {
    const int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global const float* in = x + (long)r * cols;
    __global float* out = y + (long)r * cols;
    float squares = 0.0f;
    for (int j = 0; j < cols; j++) {
        squares = mad(in[j], in[j], squares);
    }
    const float inv = rsqrt(squares / cols + eps);
    for (int j = 0; j < cols; j++) {
        out[j] = in[j] * inv * gamma[j];
    }
}

// Embedding lookup: row ids[r] of the table, one work-item per element.
__kernel void gather(__global const float* restrict table, __global const int* restrict ids,
                     __global float* restrict out, const int rows, const int cols) {
    const int c = get_global_id(0);
    const int r = get_global_id(1);
    if (r < rows && c < cols) {
        out[(long)r * cols + c] = table[(long)ids[r] * cols + c];
    }
}

// Rotary embedding, rotate-half form: dimension j of a head turns with j + pairs (half the head). The angles'
// cos and sin come as tables [position][pairs] computed once in double precision, as Hugging
// Face caches them; row r sits at position first + r % seq.
__kernel void rope(__global const float* restrict x, __global const float* restrict cosines,
                   __global const float* restrict sines, __global float* restrict y, const int rows,
                   const int heads, const int pairs, const int seq, const int first) {
    const int j = get_global_id(0);
    const int h = get_global_id(1);
    const int r = get_global_id(2);
    if (j >= pairs || h >= heads || r >= rows) {
        return;
    }
    const long base = ((long)r * heads + h) * 2 * pairs;
    const int at = (first + r % seq) * pairs + j;
    const float x1 = x[base + j];
    const float x2 = x[base + j + pairs];
    y[base + j] = x1 * cosines[at] - x2 * sines[at];
    y[base + j + pairs] = x1 * sines[at] + x2 * cosines[at];
}

// im2col: one row per output position (token-major), one column per (channel, ky, kx), zero
// outside the padded image; a GEMM with the weights then is the convolution.
__kernel void im2col(__global const float* restrict x, __global float* restrict cols, const int channels,
                     const int height, const int width, const int side, const int stride, const int pad,
                     const int outH, const int outW, const int tokens) {
    const int col = get_global_id(0);
    const int token = get_global_id(1);
    const int patch = channels * side * side;
    const int perImage = outH * outW;
    if (col >= patch || token >= tokens) {
        return;
    }
    const int n = token / perImage;
    const int oy = (token % perImage) / outW;
    const int ox = token % outW;
    const int c = col / (side * side);
    const int ky = (col / side) % side;
    const int kx = col % side;
    const int iy = oy * stride - pad + ky;
    const int ix = ox * stride - pad + kx;
    const bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
    cols[(long)token * patch + col] = inside ? x[(((long)n * channels + c) * height + iy) * width + ix] : 0.0f;
}

// Appends `tokens` new tokens per sequence to a KV cache [batch][kvHeads][capacity][headDim]
// from token-major rows [batch][tokens][kvHeads][headDim], after the `length` held.
__kernel void kv_append(__global const float* restrict rows, __global float* restrict cache, const int tokens,
                        const int kvHeads, const int headDim, const int capacity, const int length) {
    const int e = get_global_id(0);
    const int i = get_global_id(1);
    const int b = get_global_id(2);
    if (e >= kvHeads * headDim || i >= tokens) {
        return;
    }
    const int h = e / headDim;
    const int d = e % headDim;
    cache[(((long)b * kvHeads + h) * capacity + length + i) * headDim + d] = rows[((long)b * tokens + i) * kvHeads
            * headDim + e];
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
