package dev.weft.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How one operator runs. Contractions run on a PE array as a GEMM view of their
 * dimensions (which named dimensions fold into {@code m}, {@code n}, {@code k} and the
 * batch is recorded in {@code gemmDims}); everything else streams through the vector unit.
 *
 * <p>Loop nest of a contraction, outermost first: the batch; then, at the DRAM level, the
 * loops over global-buffer tiles in {@code dramLoopOrder}; then, inside a global-buffer
 * tile, the folds of the array (the two spatial dimensions in {@code rows}/{@code cols},
 * stepped by the array's size) with the remaining dimension streamed through the array.
 *
 * @param operator      operator name in the workload graph
 * @param unit          the compute array's name, or {@code vector}
 * @param dataflow      ws, os or is for an array; {@code null} for the vector unit
 * @param gemmDims      named dimensions folded into m, n, k and batch (readability; checked on replay)
 * @param problem       the whole GEMM extents; {@code batch} copies of it run one after another
 * @param batch         product of the batch-like dimensions (indexing every tensor)
 * @param bufferLevel   the on-chip level holding the tiles, e.g. {@code GLB}
 * @param bufferTile    the tile held in that level (double-buffered)
 * @param dramLoopOrder order, outermost first, of the loops over buffer tiles, e.g. {@code [n, m, k]}
 * @param rows          GEMM dimension unrolled over the array's rows
 * @param cols          GEMM dimension unrolled over the array's columns
 * @param nest          on a {@code weft-arch/2} machine, the loop nest over its memories; the
 *                      buffer, loop-order, rows and cols fields are then absent
 */
public record OperatorSchedule(String operator, String unit, String dataflow, GemmDims gemmDims, GemmTile problem,
                               long batch, String bufferLevel, GemmTile bufferTile, List<String> dramLoopOrder,
                               String rows, String cols, @JsonInclude(JsonInclude.Include.NON_NULL) NestSchedule nest) {

    /** The named dimensions behind each GEMM dimension. */
    public record GemmDims(List<String> batch, List<String> m, List<String> n, List<String> k) {
    }

    public boolean onVectorUnit() {
        return VECTOR_UNIT.equals(unit);
    }

    public static final String VECTOR_UNIT = "vector";

    public static OperatorSchedule vector(String operator) {
        return new OperatorSchedule(operator, VECTOR_UNIT, null, null, null, 1, null, null, List.of(), null, null, null);
    }
}
