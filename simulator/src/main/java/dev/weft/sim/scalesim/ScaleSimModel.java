package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;

/**
 * SCALE-Sim v2.0.2's timing of one layer, cycle for cycle and word for word, without its traces.
 *
 * <p>SCALE-Sim maps the layer's GEMM (M output pixels, N filters, K window) whole onto the
 * array: output stationary puts M x N on it and streams K, weight stationary K x N and streams
 * M, input stationary K x M and streams N. Folds run column fold outer, row fold inner; each
 * lasts {@code T + R + C - 2} cycles (output stationary) or {@code 2R + C + T - 2}. Every cycle
 * the array asks the ifmap and filter SRAMs for one demand line and hands the ofmap SRAM one;
 * the cycle is late by the largest of the three waits, and every later cycle with it. The
 * layer ends at the cycle the ofmap SRAM took its last line, one cycle before the number of
 * demand lines plus the stalls.
 *
 * <p>SCALE-Sim walks every line; this model asks each part for the next line at which it can do
 * more than hit or store (a prefetch, a drain, a stall), serves that line as SCALE-Sim would,
 * and counts the lines in between in bulk, which run on without a stall.
 */
final class ScaleSimModel {
    private final ScaleSimConfig config;
    private final Layer layer;

    private ScaleSimModel(ScaleSimConfig config, Layer layer) {
        this.config = config;
        this.layer = layer;
    }

    static LayerReport run(ScaleSimConfig config, Layer layer) {
        return new ScaleSimModel(config, layer).run();
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
                SkewBand band = dataflow == Dataflow.OS
                        ? new SkewBand(streamed - 1, rows - rowsUsed, rows - 1, colsUsed)
                        : new SkewBand(2 * rows - 1, 0, streamed - 1, colsUsed);
                long filterFold = dataflow == Dataflow.OS ? fc : fr;
                // each part's next event stays where it was until the array reaches it, or, for the ofmap, stalls
                long ifmapEvent = -1;
                long filterEvent = -1;
                long outputEvent = -1;
                long y = 0;
                while (y < foldCycles) {
                    long cycle = line + stalls;
                    if (ifmapEvent < y) {
                        ifmapEvent = ifmap.nextEvent(fr, fc, fr, y);
                    }
                    if (filterEvent < y) {
                        filterEvent = filter.nextEvent(fr, fc, filterFold, y);
                    }
                    if (outputEvent < y) {
                        outputEvent = nextOutputEvent(band, ofmap, y, cycle);
                    }
                    long event = Math.min(Math.min(ifmapEvent, filterEvent), Math.min(outputEvent, foldCycles));
                    if (event > y) {
                        // nothing happens before the event: the array runs on without a stall
                        ifmap.skip(fr, fc, fr, y, event, cycle);
                        filter.skip(fr, fc, filterFold, y, event, cycle);
                        long outputs = band.before(event) - band.before(y);
                        if (outputs > 0) {
                            ofmap.put(outputs);
                            ofmapSpan.saw(cycle + Math.max(y, band.firstCycle()) - y);
                            ofmapSpan.saw(cycle + Math.min(event, band.endCycle()) - 1 - y);
                        }
                        lastOut = cycle + event - 1 - y;
                        line += event - y;
                        y = event;
                        continue;
                    }
                    long wait = Math.max(ifmap.serve(fr, fc, fr, y, cycle), filter.serve(fr, fc, filterFold, y, cycle));
                    long outputs = band.at(y);
                    long out = outputs > 0 ? ofmap.store(cycle, outputs) : cycle;
                    if (outputs > 0) {
                        ofmapSpan.saw(out);
                    }
                    lastOut = out;
                    long stall = Math.max(wait, out - cycle);
                    if (stall > 0) {
                        stalls += stall;
                        outputEvent = -1;
                    }
                    line++;
                    y++;
                }
            }
        }
        ofmap.flush(lastOut);
        long folds = rowFolds * colFolds;
        long total = lastOut;
        long macs = m * n * k;
        return new LayerReport(layer.name(), total, stalls, PythonNumbers.divide(macs * 100, total * rows * cols),
                mappingSum / folds * 100, utilSum / folds * 100, ifmap.sram(ifmapReads),
                filter.sram(filterReads), ofmapSpan.with(ofmapWrites), ifmap.dram(), filter.dram(), ofmap.dram());
    }

    /**
     * The first cycle of the fold at or after {@code step} (at array cycle {@code cycle}) whose
     * outputs may start a drain or stall the array; {@link Long#MAX_VALUE} if none.
     */
    private static long nextOutputEvent(SkewBand band, WriteBuffer ofmap, long step, long cycle) {
        long event = band.cycleReaching(step, ofmap.outputsBeforeEvent(cycle));
        if (cycle < ofmap.drainEndCycle()) {
            // the drain ends while the array runs on; the first outputs after that may start the next
            long afterDrain = Math.max(step + ofmap.drainEndCycle() - cycle, band.firstCycle());
            if (afterDrain < band.endCycle()) {
                event = Math.min(event, afterDrain);
            }
        }
        return event;
    }
}
