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
}
