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
 */
public record FusionGroup(String name, String kind, List<String> operators, List<String> onChip,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long queryBlock,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvBlock,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean kvResident) {
    public static final String ATTENTION = "attention";
    public static final String EPILOGUE = "epilogue";

    public FusionGroup {
        operators = operators == null ? null : List.copyOf(operators);
        onChip = onChip == null ? null : List.copyOf(onChip);
    }

    /** Whether this group carries FlashAttention blocks. */
    public boolean blocked() {
        return queryBlock != null;
    }
}
