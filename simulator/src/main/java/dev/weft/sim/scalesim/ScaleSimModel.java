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

    private LayerReport run() {
        FoldedLayer f = new FoldedLayer(config, layer);
        Dataflow dataflow = f.dataflow;
        long rows = f.rows;
        long streamed = f.streamed;
        long foldCycles = f.foldCycles;
        OperandPort ifmap = f.ifmap;
        OperandPort filter = f.filter;
        WriteBuffer ofmap = f.ofmap;
        long line = 0;
        long stalls = 0;
        long lastOut = 0;
        for (long fc = 0; fc < f.colFolds; fc++) {
            for (long fr = 0; fr < f.rowFolds; fr++) {
                long rowsUsed = f.rowsUsed(fr);
                long colsUsed = f.colsUsed(fc);
                f.tally(fr, fc);
                SkewBand band = dataflow == Dataflow.OS
                        ? new SkewBand(streamed - 1, rows - rowsUsed, rows - 1, colsUsed)
                        : new SkewBand(2 * rows - 1, 0, streamed - 1, colsUsed);
                long filterFold = f.filterFold(fr, fc);
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
                            f.ofmapSpan.saw(cycle + Math.max(y, band.firstCycle()) - y);
                            f.ofmapSpan.saw(cycle + Math.min(event, band.endCycle()) - 1 - y);
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
                        f.ofmapSpan.saw(out);
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
        return f.report(lastOut, stalls);
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
