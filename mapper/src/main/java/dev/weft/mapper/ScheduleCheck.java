package dev.weft.mapper;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.cost.ArrayCostModel;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a schedule entry a person may have edited against the operator and the hardware. */
final class ScheduleCheck {
    private ScheduleCheck() {
    }

    static ArrayMapping.Choice check(Architecture arch, ArrayCostModel model, GemmView view, ComputeArray array,
                               OperatorSchedule entry, String source) {
        String where = view.operator().name();
        if (entry.dataflow() == null || !entry.dataflow().equals(array.dataflow().label())) {
            throw new WeftInputException(source, where + ".dataflow", "is " + quoted(entry.dataflow()) + " but array "
                    + array.name() + " is " + array.dataflow().label(), "set \"dataflow\": \""
                    + array.dataflow().label() + "\"");
        }
        if (entry.problem() == null || !entry.problem().equals(view.problem()) || entry.batch() != view.batch()) {
            throw new WeftInputException(source, where + ".problem", "does not match the operator's GEMM view "
                    + view.problem() + " x batch " + view.batch(), "regenerate the schedule for this workload");
        }
        List<String> spatial = array.dataflow().rowsAndCols();
        if (!spatial.get(0).equals(entry.rows()) || !spatial.get(1).equals(entry.cols())) {
            throw new WeftInputException(source, where + (spatial.get(0).equals(entry.rows()) ? ".cols" : ".rows"),
                    "rows and cols are " + quoted(entry.rows()) + " and " + quoted(entry.cols()) + " but a "
                            + array.dataflow().label() + " array unrolls " + spatial.get(0) + " over its rows and "
                            + spatial.get(1) + " over its columns",
                    "set \"rows\": \"" + spatial.get(0) + "\", \"cols\": \"" + spatial.get(1) + "\"");
        }
        GemmTile tile = entry.bufferTile();
        if (tile == null) {
            throw new WeftInputException(source, where + ".buffer_tile", "missing", "give m, n and k extents");
        }
        for (char dim : new char[] {'m', 'n', 'k'}) {
            if (tile.get(dim) > view.problem().get(dim)) {
                throw new WeftInputException(source, where + ".buffer_tile." + dim, "is " + tile.get(dim)
                        + ", larger than the operator's " + view.problem().get(dim), "use at most "
                        + view.problem().get(dim));
            }
        }
        if (!model.buffer().name().equals(entry.bufferLevel())) {
            throw new WeftInputException(source, where + ".buffer_level", "is " + quoted(entry.bufferLevel())
                    + " but tiles live in " + model.buffer().name(), "set \"buffer_level\": \""
                    + model.buffer().name() + "\"");
        }
        double footprint = ArrayCostModel.footprintBytes(view, tile);
        if (footprint > model.buffer().sizeBytes()) {
            throw new WeftInputException(source, where + ".buffer_tile", "needs " + (long) Math.ceil(footprint)
                    + " bytes double-buffered but " + model.buffer().name() + " holds " + model.buffer().sizeBytes()
                    + " bytes", "shrink the tile");
        }
        List<String> order = entry.dramLoopOrder();
        Set<String> dims = new HashSet<>(order == null ? List.of() : order);
        if (order == null || order.size() != 3 || !dims.equals(Set.of("m", "n", "k"))) {
            throw new WeftInputException(source, where + ".dram_loop_order", "is " + (order == null ? "missing" : order)
                    + ", not an ordering of m, n, k", "give e.g. [\"n\", \"m\", \"k\"]");
        }
        return new ArrayMapping.Choice(array, tile, String.join("", order));
    }

    /** The named dimensions folded into b, m, n and k must be the operator's: otherwise the entry describes another product. */
    static void checkDims(GemmView view, OperatorSchedule entry, String source) {
        OperatorSchedule.GemmDims dims = view.dims();
        if (!dims.equals(entry.gemmDims())) {
            throw new WeftInputException(source, view.operator().name() + ".gemm_dims", "is " + words(entry.gemmDims())
                    + " but the operator's dimensions fold as " + words(dims), "set \"gemm_dims\" to "
                    + "batch " + dims.batch() + ", m " + dims.m() + ", n " + dims.n() + ", k " + dims.k());
        }
    }

    /** A loop nest replaces the buffer tile, DRAM loop order, rows and cols of a weft-arch/1 schedule. */
    static void checkNoBufferTile(OperatorSchedule entry, String source, String machine) {
        String where = entry.operator();
        if (entry.bufferTile() != null || entry.bufferLevel() != null || entry.rows() != null || entry.cols() != null
                || (entry.dramLoopOrder() != null && !entry.dramLoopOrder().isEmpty())) {
            throw new WeftInputException(source, where, "gives buffer_tile, buffer_level, dram_loop_order, rows or "
                    + "cols, but " + machine + " has a general spatial array, whose contractions replay from the loop nest",
                    "delete those keys and edit \"nest\" instead");
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    private static String words(OperatorSchedule.GemmDims dims) {
        return dims == null ? "missing" : "batch " + dims.batch() + ", m " + dims.m() + ", n " + dims.n() + ", k " + dims.k();
    }
}
