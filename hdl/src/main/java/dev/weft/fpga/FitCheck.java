package dev.weft.fpga;

import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.CoreSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides before synthesis whether a design fits a board, from the cost model: DSP blocks
 * against the device's, LUTs against a usable fraction of the device's. A design that does not
 * fit is refused with what it needs, what the board has, and what would fit instead.
 */
public final class FitCheck {
    /** Largest square side the search for "the largest array that fits" tries. */
    static final int MAX_SEARCH_SIDE = 128;

    /** A design that fits: the mapping chosen and the estimate it was judged on. */
    public record Fit(CoreSpec spec, Board board, Mapping mapping, Estimate estimate) {
        public double lutFraction() {
            return (double) estimate.lut() / board.resources().lut();
        }
    }

    private FitCheck() {
    }

    /** Checks one design; without a requested mapping, DSP blocks when they suffice, else LUTs. */
    public static Fit check(CoreSpec spec, Board board, Optional<Mapping> requested) {
        if (spec instanceof CoreSpec.SparseArray) {
            throw new WeftInputException("fpga", null, "the board flow builds dense MAC arrays and XNOR units, "
                    + "not the 2:4 sparse array", "use ./weft rtl for its SystemVerilog");
        }
        if (spec instanceof CoreSpec.MacArray mac && mac.weightDoubleBuffering()) {
            throw new WeftInputException("fpga", null, "the board self-test drives arrays that load weights between "
                    + "folds, not double-buffered ones", "use ./weft rtl or rtl-check for the double-buffered array");
        }
        if (spec instanceof CoreSpec.XnorUnit) {
            Estimate estimate = CostModel.estimate(spec, board, Mapping.LUT);
            requireLuts(spec, board, Mapping.LUT, estimate);
            return new Fit(spec, board, Mapping.LUT, estimate);
        }
        if (requested.isPresent()) {
            Estimate estimate = CostModel.estimate(spec, board, requested.get());
            if (estimate.dsp() > board.resources().dsp()) {
                throw new WeftInputException("--board " + board.name(), null, "a " + spec.summary()
                        + " with DSP mapping needs " + estimate.dsp() + " " + CostModel.dspName(board) + ", the "
                        + board.part() + " has " + board.resources().dsp(), "use --mapping lut, or an array of at most "
                        + board.resources().dsp() + " PEs" + example(board.resources().dsp()));
            }
            requireLuts(spec, board, requested.get(), estimate);
            return new Fit(spec, board, requested.get(), estimate);
        }
        Estimate dsp = CostModel.estimate(spec, board, Mapping.DSP);
        if (dsp.dsp() <= board.resources().dsp() && lutsFit(board, dsp)) {
            return new Fit(spec, board, Mapping.DSP, dsp);
        }
        Estimate lut = CostModel.estimate(spec, board, Mapping.LUT);
        if (lutsFit(board, lut)) {
            return new Fit(spec, board, Mapping.LUT, lut);
        }
        Fit largest = largestArray(board, ((CoreSpec.MacArray) spec).dataflow());
        throw new WeftInputException("--board " + board.name(), null, "a " + spec.summary() + " does not fit the "
                + board.part() + ": DSP mapping needs " + dsp.dsp() + " " + CostModel.dspName(board) + " (has "
                + board.resources().dsp() + "), LUT mapping needs about " + lut.lut() + " LUTs (usable "
                + usableLuts(board) + " of " + board.resources().lut() + ")", "choose a smaller array; the largest "
                + "that fits is " + largest.spec().summary() + " with " + largest.mapping().label() + " mapping");
    }

    /** The largest square array of a dataflow that fits the board, preferring DSP mapping on a tie. */
    public static Fit largestArray(Board board, Dataflow dataflow) {
        return largestArray(board, dataflow, Optional.empty());
    }

    /** The same, restricted to one mapping when {@code only} is given. */
    public static Fit largestArray(Board board, Dataflow dataflow, Optional<Mapping> only) {
        List<Fit> fits = new ArrayList<>();
        List<Mapping> mappings = only.map(List::of).orElse(List.of(Mapping.values()));
        for (int side = 1; side <= MAX_SEARCH_SIDE; side++) {
            CoreSpec.MacArray array = new CoreSpec.MacArray(side, side, dataflow);
            for (Mapping mapping : mappings) {
                Estimate estimate = CostModel.estimate(array, board, mapping);
                if (estimate.dsp() <= board.resources().dsp() && lutsFit(board, estimate)) {
                    fits.add(new Fit(array, board, mapping, estimate));
                }
            }
        }
        return fits.stream().reduce((best, next) -> next.spec().pes() > best.spec().pes() ? next : best)
                .orElseThrow(() -> new WeftInputException("--board " + board.name(), null,
                        "not even a 1x1 array fits the " + board.part(), "choose a larger board"));
    }

    private static void requireLuts(CoreSpec spec, Board board, Mapping mapping, Estimate estimate) {
        if (!lutsFit(board, estimate)) {
            throw new WeftInputException("--board " + board.name(), null, "a " + spec.summary() + " with "
                    + mapping.label() + " mapping needs about " + estimate.lut() + " LUTs, the " + board.part()
                    + " has " + board.resources().lut() + " (" + usableLuts(board) + " usable for placement)",
                    spec instanceof CoreSpec.XnorUnit ? "use a smaller --width" : "choose a smaller array");
        }
    }

    private static boolean lutsFit(Board board, Estimate estimate) {
        return estimate.lut() <= usableLuts(board);
    }

    private static long usableLuts(Board board) {
        return (long) Math.floor(board.resources().lut() * CostModel.maxLutFraction(board));
    }

    private static String example(long pes) {
        int best = 1;
        for (int r = 1; r * r <= pes; r++) {
            if (pes % r == 0) {
                best = r;
            }
        }
        return pes > 1 ? " (e.g. " + best + "x" + (pes / best) + ")" : "";
    }
}
