package dev.weft.sim;

import dev.weft.arch.Operand;
import java.util.Locale;

/**
 * The three tensors of a GEMM, named as SCALE-Sim names them so that its users read our
 * reports without a glossary: the streamed input (ifmap, the GEMM's A), the weights (filter,
 * B) and the output (ofmap, which also carries 32-bit partial sums while a reduction is open).
 */
public enum Tensor {
    IFMAP, FILTER, OFMAP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operand this tensor is in every backend's action counts. */
    public Operand operand() {
        return switch (this) {
            case IFMAP -> Operand.INPUT;
            case FILTER -> Operand.WEIGHT;
            case OFMAP -> Operand.OUTPUT;
        };
    }
}
