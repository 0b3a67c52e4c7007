package dev.weft.schedule;

import dev.weft.arch.ArrayDim;
import java.util.List;
import java.util.Map;

/**
 * A contraction's loop nest on a {@code weft-arch/2} hierarchy, as {@code schedule.json}
 * (format {@code weft-schedule/2}) writes it. Loop dimensions are those of the GEMM view:
 * {@code b}, {@code m}, {@code n}, {@code k}.
 *
 * @param spatial the array dimensions that unroll a loop dimension, and by how much
 * @param loops   the temporal loops, innermost first
 * @param keeps   per operand ({@code input}, {@code weight}, {@code output}), per memory of its
 *                chain: how many of the innermost loops that memory keeps (its tile); the
 *                outermost memory keeps them all
 */
public record NestSchedule(List<Spatial> spatial, List<Temporal> loops, Map<String, Map<String, Integer>> keeps) {

    public NestSchedule {
        spatial = spatial == null ? null : List.copyOf(spatial);
        loops = loops == null ? null : List.copyOf(loops);
    }

    /**
     * Whether a loop steps a window dimension ({@code p, q, r, s}): the nest is a convolution's
     * own, not its GEMM view's.
     */
    public boolean namesWindows() {
        return loops != null && loops.stream()
                .anyMatch(loop -> loop.dim() != null && ArrayDim.LOOP_DIMS.indexOf(loop.dim()) >= FIRST_WINDOW);
    }

    private static final int FIRST_WINDOW = ArrayDim.LOOP_DIMS.indexOf("p");

    /** Array dimension {@code arrayDim} spreads loop dimension {@code dim} over {@code factor} PEs. */
    public record Spatial(String arrayDim, String dim, int factor) {
    }

    /** A temporal loop over {@code factor} steps of {@code dim}. */
    public record Temporal(String dim, long factor) {
    }
}
