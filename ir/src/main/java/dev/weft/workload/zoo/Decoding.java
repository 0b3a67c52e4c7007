package dev.weft.workload.zoo;

import dev.weft.workload.Phase;
import dev.weft.workload.WorkloadSpec;

/**
 * New tokens per sequence and keys each attends to, for a phase: prefill processes the whole
 * prompt against itself; decode processes one token against the KV cache. {@code --kv N} is
 * the cache length the token attends to, its own key and value included (it sits at
 * position N - 1), so {@code --kv 1024} fills GPT-2's 1024-token context exactly.
 */
record Decoding(long queries, long keys) {
    static Decoding of(WorkloadSpec spec) {
        return spec.phase() == Phase.DECODE
                ? new Decoding(1, Math.max(1L, spec.kvLength()))
                : new Decoding(spec.seq(), spec.seq());
    }

    /**
     * What attention costs per sequence: {@code chunks} blocks of {@code queries} queries,
     * each against {@code keys} keys. Full attention is one block, as is prefill (its causal
     * mask is applied to a full score matrix, not skipped).
     */
    record Span(long chunks, long queries, long keys) {
    }

    /**
     * The span under a sliding window of {@code window} tokens (0: none), each token seeing
     * itself and the {@code window - 1} before it (Mistral's {@code sliding_window}). Decode
     * reads at most a window of cache. A prompt longer than the window is cut into chunks of
     * at most a window each, as Mistral's reference implementation prefills; a chunk's queries
     * see its own tokens and the {@code window - 1} before them, masked to the band.
     */
    Span span(long window) {
        if (window == 0 || keys <= window) {
            return new Span(1, queries, keys);
        }
        if (queries == 1) {
            return new Span(1, 1, window);
        }
        long chunks = (queries + window - 1) / window;
        long perChunk = (queries + chunks - 1) / chunks;
        return new Span(chunks, perChunk, Math.min(keys, perChunk + window - 1));
    }
}
