package dev.weft.workload;

import dev.weft.io.Labels;
import java.util.Locale;

/** The attention variant a model is built with; each lowers to operators of its own. */
public enum AttentionKind {
    /** Softmax attention (with PVT's spatial reduction, Swin's windows where the model has them). */
    SOFTMAX,
    /** EcoFormer: kernelized hashing of Q and K into binary codes, linear attention on the codes. */
    ECOFORMER,
    /** Kernel linear attention, phi(Q) (phi(K)^T V), with an ELU+1 feature map. */
    LINEAR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }


    public static AttentionKind parse(String text, String source, String field) {
        return Labels.parse(values(), AttentionKind::label, text, "attention", source, field);
    }
}
