package dev.weft.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Operators that run as one kernel: the tensors in {@code onChip} are produced and consumed
 * inside the group and never reach DRAM.
 *
 * @param name        the group's name, e.g. {@code blocks.0.attn.core}
 * @param kind        {@code attention} (an attention core: FlashAttention-style blocks for softmax
 *                    attention, the key-value summary kept on chip for linear and EcoFormer) or
 *                    {@code epilogue} (a contraction and the element-wise or row-wise operators that
 *                    consume its output tile)
 * @param operators   member operators, in execution order
 * @param onChip      tensors that stay in the on-chip buffer
 * @param queryBlock  softmax attention: query rows per block (Br)
 * @param kvBlock     softmax attention: key/value rows per block (Bc)
 * @param kvResident  softmax attention: whether the keys and values of a head stay in the buffer
 *                    (read from DRAM once) instead of being streamed again for every query block
 * @param kvSplits    decode, blocked softmax attention: the parts each head's key/value sequence is cut into by
 *                    Lean Attention's split-K, each part on {@code cols / kvSplits} columns of the array, its
 *                    partial softmax state merged on the vector unit (1: no split is faster); absent in prefill
 */
public record FusionGroup(String name, String kind, List<String> operators, List<String> onChip,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long queryBlock,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvBlock,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean kvResident,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvSplits) {
    public static final String ATTENTION = "attention";
    public static final String EPILOGUE = "epilogue";

    public FusionGroup {
        operators = operators == null ? null : List.copyOf(operators);
        onChip = onChip == null ? null : List.copyOf(onChip);
    }

    /** A group that leaves its key/value sequence whole: blocked softmax attention in prefill, or any other kind. */
    public FusionGroup(String name, String kind, List<String> operators, List<String> onChip, Long queryBlock,
                       Long kvBlock, Boolean kvResident) {
        this(name, kind, operators, onChip, queryBlock, kvBlock, kvResident, null);
    }

    /** The same group with its key/value sequence cut into {@code splits} parts. */
    public FusionGroup withKvSplits(long splits) {
        return new FusionGroup(name, kind, operators, onChip, queryBlock, kvBlock, kvResident, splits);
    }

    /** Whether this group carries FlashAttention blocks. */
    public boolean blocked() {
        return queryBlock != null;
    }
}
