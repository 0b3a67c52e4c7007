package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;

/**
 * One layer folded onto the array as SCALE-Sim folds it: the fold geometry, the SRAM ports of
 * its operands, and the tally of accesses and utilisation over the folds. Shared by the model
 * that leaps between events and its row-by-row reference, which differ only in how they step
 * through a fold's demand lines.
 */
final class FoldedLayer {
    final ScaleSimConfig config;
    final Layer layer;
    final Dataflow dataflow;
    final long rows;
    final long cols;
    final long m;
    final long n;
    final long k;
    final long spatialRows;
    final long spatialCols;
    /** The dimension streamed through the array: K (output stationary), M (weight) or N (input). */
    final long streamed;
    final long rowFolds;
    final long colFolds;
    final long foldCycles;
    /** The compute utilisation divides by the demand matrix's height plus width, which outgrows the fold by C - 1
     * in the stationary dataflows. */
    final long utilCycles;
    final OperandPort ifmap;
    final OperandPort filter;
    final WriteBuffer ofmap;
    final Span ofmapSpan = new Span();

    private long ifmapReads;
    private long filterReads;
    private long ofmapWrites;
    private double mappingSum;
    private double utilSum;

    FoldedLayer(ScaleSimConfig config, Layer layer) {
        this.config = config;
        this.layer = layer;
        rows = config.rows();
        cols = config.cols();
        dataflow = config.dataflow();
        m = layer.m();
        n = layer.n();
        k = layer.k();
        spatialRows = dataflow == Dataflow.OS ? m : k;
        spatialCols = dataflow == Dataflow.IS ? m : n;
        streamed = switch (dataflow) {
            case OS -> k;
            case WS -> m;
            case IS -> n;
        };
        rowFolds = ReadBuffer.ceilDiv(spatialRows, rows);
        colFolds = ReadBuffer.ceilDiv(spatialCols, cols);
        foldCycles = dataflow == Dataflow.OS ? streamed + rows + cols - 2 : 2 * rows + cols + streamed - 2;
        utilCycles = dataflow == Dataflow.OS ? foldCycles : foldCycles + cols - 1;

        // a convolution's ifmap needs serving word by word where its windows overlap (a word is read twice) or hang
        // over the edge (a word is missing)
        Im2col conv = layer.conv();
        Im2col repeats = conv != null && (conv.overlaps() || conv.overhangs()) ? conv : null;
        ifmap = switch (dataflow) {
            case OS -> new OperandPort(new StreamedOperand(k, rows, m, 0), null, repeats, true, k, config,
                    config.ifmapKb() * 1024);
            case WS -> new OperandPort(new StreamedOperand(m, rows, k, rows), null, repeats, false, k, config,
                    config.ifmapKb() * 1024);
            case IS -> new OperandPort(null, new StationaryOperand(k, m, rows, cols), repeats, true, k, config,
                    config.ifmapKb() * 1024);
        };
        filter = switch (dataflow) {
            case OS -> new OperandPort(new StreamedOperand(k, cols, n, 0), null, null, false, k, config,
                    config.filterKb() * 1024);
            case WS -> new OperandPort(null, new StationaryOperand(k, n, rows, cols), null, false, k, config,
                    config.filterKb() * 1024);
            case IS -> new OperandPort(new StreamedOperand(n, rows, k, rows), null, null, false, k, config,
                    config.filterKb() * 1024);
        };
        // in CALC mode SCALE-Sim drains the ofmap a row of the array a cycle
        ofmap = new WriteBuffer(config.ofmapKb() * 1024, config.userBandwidth() ? config.bandwidthWords() : cols);
    }

    long rowsUsed(long fr) {
        return Math.min(rows, spatialRows - fr * rows);
    }

    long colsUsed(long fc) {
        return Math.min(cols, spatialCols - fc * cols);
    }

    /** The filter fold a demand line of fold (fr, fc) reads: output stationary streams filters by column fold. */
    long filterFold(long fr, long fc) {
        return dataflow == Dataflow.OS ? fc : fr;
    }

    /** Counts fold (fr, fc)'s SRAM accesses and its share of mapping and compute utilisation. */
    void tally(long fr, long fc) {
        long rowsUsed = rowsUsed(fr);
        long colsUsed = colsUsed(fc);
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
    }

    /** The layer's report once every fold ran and the ofmap SRAM took its last line at {@code lastOut}. */
    LayerReport report(long lastOut, long stalls) {
        ofmap.flush(lastOut);
        long folds = rowFolds * colFolds;
        long total = lastOut;
        long macs = m * n * k;
        return new LayerReport(layer.name(), total, stalls, PythonNumbers.divide(macs * 100, total * rows * cols),
                mappingSum / folds * 100, utilSum / folds * 100, ifmap.sram(ifmapReads),
                filter.sram(filterReads), ofmapSpan.with(ofmapWrites), ifmap.dram(), filter.dram(), ofmap.dram());
    }

    /** First and last cycle at which the ofmap SRAM took a demand line with a word in it. */
    static final class Span {
        private long first = -1;
        private long last;

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
}
