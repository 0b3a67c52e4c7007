package dev.weft.workload;

/**
 * What to build a model's graph for.
 *
 * @param batch       sequences or images per step
 * @param seq         tokens per sequence (language models; prefill length)
 * @param image       image side in pixels (vision models)
 * @param phase       prefill or decode
 * @param kvLength    tokens already in the KV cache when decoding
 * @param attention   attention variant
 * @param sparsity    storage format of the linear layers' weights
 * @param dtype       element type of activations and weights
 * @param hashBits    EcoFormer code length b
 * @param hashAnchors EcoFormer kernel anchors m
 * @param spatialReduction whether PVT-style attention shrinks keys and values with its
 *                    strided convolution; EcoFormer's paper compares against attention
 *                    without it, so a faithful reproduction turns it off
 * @param tokenReduction how a vision transformer's token count shrinks from block to block
 *                    (token pruning or merging); {@link TokenReduction#NONE} for none
 * @param sharedQk    EcoFormer hashes one shared query-key projection ({@code to_qk} in the
 *                    authors' {@code EcoformerSelfAttention}), so keys are the queries' codes;
 *                    false keeps the model's separate Q and K projections, each hashed
 */
public record WorkloadSpec(int batch, int seq, int image, Phase phase, int kvLength, AttentionKind attention,
                           StorageFormat sparsity, DType dtype, int hashBits, int hashAnchors,
                           boolean spatialReduction, TokenReduction tokenReduction, boolean sharedQk) {

    public static final int DEFAULT_HASH_BITS = 16;
    public static final int DEFAULT_HASH_ANCHORS = 25;

    public WorkloadSpec {
        if (batch <= 0 || seq < 0 || image < 0 || kvLength < 0 || hashBits <= 0 || hashAnchors <= 0) {
            throw new IllegalArgumentException("workload sizes must be positive");
        }
        if (tokenReduction == null) {
            throw new IllegalArgumentException("token reduction must be given; use TokenReduction.NONE for none");
        }
    }

    /** EcoFormer with the authors' shared query-key projection. */
    public WorkloadSpec(int batch, int seq, int image, Phase phase, int kvLength, AttentionKind attention,
                        StorageFormat sparsity, DType dtype, int hashBits, int hashAnchors, boolean spatialReduction,
                        TokenReduction tokenReduction) {
        this(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors, spatialReduction,
                tokenReduction, true);
    }

    /** A workload without token reduction. */
    public WorkloadSpec(int batch, int seq, int image, Phase phase, int kvLength, AttentionKind attention,
                        StorageFormat sparsity, DType dtype, int hashBits, int hashAnchors, boolean spatialReduction) {
        this(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors, spatialReduction,
                TokenReduction.NONE);
    }

    /** A workload with spatial reduction as the model's config gives it. */
    public WorkloadSpec(int batch, int seq, int image, Phase phase, int kvLength, AttentionKind attention,
                        StorageFormat sparsity, DType dtype, int hashBits, int hashAnchors) {
        this(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors, true);
    }

    /** Tokens produced or consumed per step: what "per token" figures divide by. */
    public long tokens(boolean vision) {
        if (phase == Phase.DECODE) {
            return batch;
        }
        return vision ? batch : (long) batch * seq;
    }

    public WorkloadSpec withAttention(AttentionKind kind) {
        return new WorkloadSpec(batch, seq, image, phase, kvLength, kind, sparsity, dtype, hashBits, hashAnchors,
                spatialReduction, tokenReduction, sharedQk);
    }

    public WorkloadSpec withSeq(int newSeq) {
        return new WorkloadSpec(batch, newSeq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors,
                spatialReduction, tokenReduction, sharedQk);
    }

    public WorkloadSpec withSpatialReduction(boolean enabled) {
        return new WorkloadSpec(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors,
                enabled, tokenReduction, sharedQk);
    }

    public WorkloadSpec withSharedQk(boolean shared) {
        return new WorkloadSpec(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors,
                spatialReduction, tokenReduction, shared);
    }

    /** Whether queries and keys come from one projection: EcoFormer's reading, where the model allows it. */
    public boolean sharesQk(AttentionKind kind) {
        return kind == AttentionKind.ECOFORMER && sharedQk;
    }

    public WorkloadSpec withTokenReduction(TokenReduction reduction) {
        return new WorkloadSpec(batch, seq, image, phase, kvLength, attention, sparsity, dtype, hashBits, hashAnchors,
                spatialReduction, reduction, sharedQk);
    }
}
