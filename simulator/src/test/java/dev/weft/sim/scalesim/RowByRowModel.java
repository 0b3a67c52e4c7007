package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;

/**
 * The reference for {@link ScaleSimModel}: the same SCALE-Sim memory model stepped through every
 * demand line of every fold, as SCALE-Sim steps through them, where {@code ScaleSimModel} leaps
 * between the lines at which something happens. Slow on large layers; for tests.
 */
final class RowByRowModel {
    private final ScaleSimConfig config;
    private final Layer layer;

    private RowByRowModel(ScaleSimConfig config, Layer layer) {
        this.config = config;
        this.layer = layer;
    }

    static LayerReport run(ScaleSimConfig config, Layer layer) {
        return new RowByRowModel(config, layer).run();
    }

    private LayerReport run() {
        FoldedLayer f = new FoldedLayer(config, layer);
        long outputLead = f.dataflow == Dataflow.OS ? f.streamed - 1 : 2 * f.rows - 1;
        long line = 0;
        long stalls = 0;
        long lastOut = 0;
        for (long fc = 0; fc < f.colFolds; fc++) {
            for (long fr = 0; fr < f.rowFolds; fr++) {
                long rowsUsed = f.rowsUsed(fr);
                long colsUsed = f.colsUsed(fc);
                f.tally(fr, fc);
                for (long y = 0; y < f.foldCycles; y++, line++) {
                    long cycle = line + stalls;
                    long wait = Math.max(f.ifmap.serve(fr, fc, fr, y, cycle),
                            f.filter.serve(fr, fc, f.filterFold(fr, fc), y, cycle));
                    long outputs = outputsAt(y - outputLead, f.dataflow, f.streamed, f.rows, rowsUsed, colsUsed);
                    long out = outputs > 0 ? f.ofmap.store(cycle, outputs) : cycle;
                    if (outputs > 0) {
                        f.ofmapSpan.saw(out);
                    }
                    lastOut = out;
                    stalls += Math.max(wait, out - cycle);
                }
            }
        }
        return f.report(lastOut, stalls);
    }

    /**
     * Outputs handed to the ofmap SRAM {@code step} cycles after the first could be: the skewed
     * fold's outputs leave one column a cycle, output stationary's bottom row first.
     */
    private static long outputsAt(long step, Dataflow dataflow, long streamed, long rows, long rowsUsed,
                                  long colsUsed) {
        long first;
        long last;
        if (dataflow == Dataflow.OS) {
            first = Math.max(0, step - (rows - 1));
            last = Math.min(colsUsed - 1, step - (rows - rowsUsed));
        } else {
            first = Math.max(0, step - streamed + 1);
            last = Math.min(colsUsed - 1, step);
        }
        return Math.max(0, last - first + 1);
    }
}
