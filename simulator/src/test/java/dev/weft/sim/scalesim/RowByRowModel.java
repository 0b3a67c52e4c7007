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

    /** First and last cycle at which the ofmap SRAM took a demand line with a word in it. */
    private static final class Span {
        long first = -1;
        long last;

        void saw(long cycle) {
            if (first < 0) {
                first = cycle;
            }
            last = cycle;
        }

        LayerReport.Traffic with(long words) {
            return new LayerReport.Traffic(first, last, words);
        }
    }

    private LayerReport run() {
        long rows = config.rows();
        long cols = config.cols();
        Dataflow dataflow = config.dataflow();
        long m = layer.m();
        long n = layer.n();
        long k = layer.k();
        long spatialRows = dataflow == Dataflow.OS ? m : k;
        long spatialCols = dataflow == Dataflow.IS ? m : n;
        long streamed = switch (dataflow) {
            case OS -> k;
            case WS -> m;
            case IS -> n;
        };
        long rowFolds = ReadBuffer.ceilDiv(spatialRows, rows);
        long colFolds = ReadBuffer.ceilDiv(spatialCols, cols);
        long foldCycles = dataflow == Dataflow.OS ? streamed + rows + cols - 2 : 2 * rows + cols + streamed - 2;
        // the compute utilisation divides by the demand matrix's height plus width, which outgrows the fold by C - 1
        // in the stationary dataflows
        long utilCycles = dataflow == Dataflow.OS ? foldCycles : foldCycles + cols - 1;
        long outputLead = dataflow == Dataflow.OS ? streamed - 1 : 2 * rows - 1;

        // a convolution's ifmap needs serving word by word where its windows overlap (a word is read twice) or hang
        // over the edge (a word is missing)
        Im2col conv = layer.conv();
        Im2col repeats = conv != null && (conv.overlaps() || conv.overhangs()) ? conv : null;
        OperandPort ifmap = switch (dataflow) {
            case OS -> new OperandPort(new StreamedOperand(k, rows, m, 0), null, repeats, true, k, config,
                    config.ifmapKb() * 1024);
            case WS -> new OperandPort(new StreamedOperand(m, rows, k, rows), null, repeats, false, k, config,
                    config.ifmapKb() * 1024);
            case IS -> new OperandPort(null, new StationaryOperand(k, m, rows, cols), repeats, true, k, config,
                    config.ifmapKb() * 1024);
        };
        OperandPort filter = switch (dataflow) {
            case OS -> new OperandPort(new StreamedOperand(k, cols, n, 0), null, null, false, k, config,
                    config.filterKb() * 1024);
            case WS -> new OperandPort(null, new StationaryOperand(k, n, rows, cols), null, false, k, config,
                    config.filterKb() * 1024);
            case IS -> new OperandPort(new StreamedOperand(n, rows, k, rows), null, null, false, k, config,
                    config.filterKb() * 1024);
        };
        // in CALC mode SCALE-Sim drains the ofmap a row of the array a cycle
        WriteBuffer ofmap = new WriteBuffer(config.ofmapKb() * 1024, config.userBandwidth() ? config.bandwidthWords()
                : cols);

        long ifmapReads = 0;
        long filterReads = 0;
        long ofmapWrites = 0;
        double mappingSum = 0;
        double utilSum = 0;
        Span ofmapSpan = new Span();
        long line = 0;
        long stalls = 0;
        long lastOut = 0;
        for (long fc = 0; fc < colFolds; fc++) {
            for (long fr = 0; fr < rowFolds; fr++) {
                long rowsUsed = Math.min(rows, spatialRows - fr * rows);
                long colsUsed = Math.min(cols, spatialCols - fc * cols);
                long macsUsed = rowsUsed * colsUsed;
                mappingSum += macsUsed / (double) (rows * cols);
                utilSum += (macsUsed * streamed) / (double) (rows * cols * utilCycles);
                switch (dataflow) {
                    case OS -> {
                        ifmapReads += streamed * rowsUsed;
                        filterReads += streamed * colsUsed;
                        // SCALE-Sim's output stationary module also counts the padded fold's height plus width
                        ofmapWrites += macsUsed + rows + cols;
                    }
                    case WS -> {
                        ifmapReads += streamed * rowsUsed;
                        filterReads += macsUsed;
                        ofmapWrites += streamed * colsUsed;
                    }
                    case IS -> {
                        ifmapReads += macsUsed;
                        filterReads += streamed * rowsUsed;
                        ofmapWrites += streamed * colsUsed;
                    }
                }
                for (long y = 0; y < foldCycles; y++, line++) {
                    long cycle = line + stalls;
                    long wait = Math.max(ifmap.serve(fr, fc, fr, y, cycle),
                            filter.serve(fr, fc, dataflow == Dataflow.OS ? fc : fr, y, cycle));
                    long outputs = outputsAt(y - outputLead, dataflow, streamed, rows, rowsUsed, colsUsed);
                    long out = outputs > 0 ? ofmap.store(cycle, outputs) : cycle;
                    if (outputs > 0) {
                        ofmapSpan.saw(out);
                    }
                    lastOut = out;
                    stalls += Math.max(wait, out - cycle);
                }
            }
        }
        ofmap.flush(lastOut);
        long folds = rowFolds * colFolds;
        long total = lastOut;
        long macs = m * n * k;
        return new LayerReport(layer.name(), total, stalls, macs * 100 / (double) (total * rows * cols),
                mappingSum / folds * 100, utilSum / folds * 100, ifmap.sram(ifmapReads),
                filter.sram(filterReads), ofmapSpan.with(ofmapWrites), ifmap.dram(), filter.dram(), ofmap.dram());
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
