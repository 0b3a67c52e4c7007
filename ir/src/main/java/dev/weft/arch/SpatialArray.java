package dev.weft.arch;

import java.util.List;
import java.util.Optional;

/**
 * A {@code weft-arch/2} compute array: up to four named dimensions of identical PEs.
 *
 * @param systolic the dataflow when the array is a systolic one held to {@link SystolicTiming}'s
 *                 fold contract (then it has exactly two dimensions, rows then columns);
 *                 empty for a general spatial array fed by its memories' broadcast and reduction
 */
public record SpatialArray(String name, List<ArrayDim> dims, PeKind pe, double pjPerOp,
                           Optional<Dataflow> systolic) {
    public static final int MAX_DIMS = 4;
    public static final String ROWS = "rows";
    public static final String COLS = "cols";

    public SpatialArray {
        dims = List.copyOf(dims);
        if (dims.isEmpty() || dims.size() > MAX_DIMS) {
            throw new IllegalArgumentException("array " + name + " needs 1 to " + MAX_DIMS + " dimensions");
        }
        if (systolic.isPresent() && dims.size() != 2) {
            throw new IllegalArgumentException("systolic array " + name + " has rows and columns only");
        }
    }

    /** A systolic {@code rows x cols} array whose rows and columns hold what the dataflow keeps spatial. */
    public static SpatialArray systolic(String name, int rows, int cols, PeKind pe, double pjPerOp, Dataflow dataflow) {
        List<String> spatial = dataflow.rowsAndCols();
        return new SpatialArray(name, List.of(new ArrayDim(ROWS, rows, List.of(spatial.get(0))),
                new ArrayDim(COLS, cols, List.of(spatial.get(1)))), pe, pjPerOp, Optional.of(dataflow));
    }

    public long pes() {
        long product = 1;
        for (ArrayDim dim : dims) {
            product *= dim.size();
        }
        return product;
    }

    public Optional<ArrayDim> dim(String dimName) {
        return dims.stream().filter(d -> d.name().equals(dimName)).findFirst();
    }

    /** E.g. {@code 8x8x4x4 int8 MAC}. */
    public String summary() {
        return String.join("x", dims.stream().map(d -> Integer.toString(d.size())).toList()) + " " + pe.label()
                + systolic.map(d -> " " + d.label()).orElse("");
    }
}
