// EcoFormer attention on packed binary codes. The similarity of two b-bit codes in {-1,+1}
// is (b + h_q . h_k) / 2 = b - popcount(q XOR k): integer work only. Instead of multiplying
// each value by its similarity, the loop over keys adds the value into the bin of that
// similarity (BITS + 1 bins) and counts the bin; the weighted sum is formed from the bins
// at the end, with BITS + 1 multiplications per output however many keys there are.
// One work-item per query of a head; the value row is HEAD_DIM / RN vectors of RN floats.

#define CHUNKS (HEAD_DIM / RN)

__kernel void binary_attention(__global const uint* restrict Q, __global const uint* restrict K,
                               __global const float* restrict V, __global float* restrict O,
                               const int queries, const int keys) {
    const int i = get_global_id(0);
    const long h = get_global_id(1);
    if (i >= queries) {
        return;
    }
    uint q[WORDS];
    for (int w = 0; w < WORDS; w++) {
        q[w] = Q[(h * queries + i) * WORDS + w];
    }
    __global const uint* k = K + h * keys * WORDS;
    __global const float* v = V + h * keys * HEAD_DIM;
    // the normaliser counts each similarity once; the chunks of the value row then reuse the
    // (cheap) popcounts rather than keep (BITS + 1) x HEAD_DIM bins in private memory at once
    int counts[BITS + 1];
    for (int s = 0; s <= BITS; s++) {
        counts[s] = 0;
    }
    for (int j = 0; j < keys; j++) {
        int distance = 0;
        for (int w = 0; w < WORDS; w++) {
            distance += popcount(q[w] ^ k[j * WORDS + w]);
        }
        counts[BITS - distance] += 1;
    }
    float den = 0.0f;
    for (int s = 1; s <= BITS; s++) {
        den = mad((float)s, (float)counts[s], den);
    }
    const float inv = den == 0.0f ? 0.0f : 1.0f / den;
    for (int c = 0; c < CHUNKS; c++) {
        vec bins[BITS + 1];
        for (int s = 0; s <= BITS; s++) {
            bins[s] = (vec)(0.0f);
        }
        for (int j = 0; j < keys; j++) {
            int distance = 0;
            for (int w = 0; w < WORDS; w++) {
                distance += popcount(q[w] ^ k[j * WORDS + w]);
            }
            bins[BITS - distance] += VLOAD(v + (long)j * HEAD_DIM + c * RN);
        }
        vec num = (vec)(0.0f);
        for (int s = 1; s <= BITS; s++) {
            num = mad((vec)((float)s), bins[s], num);
        }
        VSTORE(num * inv, O + (h * queries + i) * HEAD_DIM + c * RN);
    }
}
