package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.ArraySpec;
import dev.weft.sim.FastSimulator;
import dev.weft.sim.GemmJob;
import dev.weft.sim.GemmResult;
import dev.weft.sim.Level;
import dev.weft.sim.MemorySpec;
import dev.weft.sim.Tensor;
import dev.weft.sim.TileChooser;
import java.util.ArrayList;
import java.util.List;

/**
 * Times SCALE-Sim inputs, layer by layer, by either convention.
 *
 * <p>{@link #scalesim}: SCALE-Sim v2.0.2's conventions (USER bandwidth mode), re-derived from
 * its published code: the layer's operand matrices are mapped whole onto the array
 * (output stationary: M x N spatial, K streamed; weight stationary: K x N, M streamed; input
 * stationary: K x M, N streamed), folds run column fold outer, row fold inner, each
 * {@code R + C + T - 2} cycles for output stationary and {@code 2R + C + T - 2} for the
 * others; SRAM reads and writes are counted as its compute modules count them. Each operand
 * SRAM is half active, half prefetch; an operand that fits the active half is loaded before
 * cycle 0 at no cost (its DRAM reads start at a negative cycle, as in SCALE-Sim's traces);
 * otherwise it streams through in fold order, a prefetch half at a time
 * (each taking {@code ceil(half / bandwidth)} cycles plus one of port latency, issued back to
 * back), and a fold whose data has not arrived when it needs it stalls the array; the ofmap
 * SRAM drains a full half at a time and stalls the array when the previous half is still
 * draining. SCALE-Sim resolves this word by word; this reproduction resolves it fold by fold,
 * taking a fold's deadline as its start plus its streamed length.
 *
 * <p>{@link #weft}: Weft's own timing of the same layer: a buffer tile chosen to fit the three
 * SRAMs double-buffered, the RTL fold contract, and the fast engine.
 */
public final class ScaleSimRun {
    /** SCALE-Sim's read port answers one cycle after the request. */
    static final long PORT_LATENCY = 1;

    private ScaleSimRun() {
    }

    public static List<LayerReport> weft(ScaleSimConfig config, List<Layer> layers, long dramLatency) {
        ArraySpec array = new ArraySpec(config.rows(), config.cols(), config.dataflow());
        MemorySpec memory = MemorySpec.perTensor(config.bandwidthWordsPerCycle(), dramLatency, config.ifmapKb() * 1024,
                config.filterKb() * 1024, config.ofmapKb() * 1024);
        List<LayerReport> reports = new ArrayList<>();
        for (Layer layer : layers) {
            GemmJob job = TileChooser.choose(layer.name(), new GemmTile(layer.m(), layer.n(), layer.k()), 1, array,
                    memory);
            GemmResult r = FastSimulator.run(job, array, memory);
            double pes = array.pes();
            long fixed = 2L * array.rows() + array.cols() - 2;
            double streamSlots = pes * (r.computeCycles() - r.folds() * fixed);
            long last = r.cycles() - 1;
            reports.add(new LayerReport(layer.name(), r.cycles(), r.stallCycles(),
                    100 * layer.macs() / (r.cycles() * pes), 100 * layer.macs() / streamSlots,
                    100 * layer.macs() / (r.computeCycles() * pes),
                    words(r.accesses().readBytes(Level.SRAM, Tensor.IFMAP)),
                    words(r.accesses().readBytes(Level.SRAM, Tensor.FILTER)),
                    words(r.accesses().writeBytes(Level.SRAM, Tensor.OFMAP)),
                    0, last, words(r.accesses().readBytes(Level.DRAM, Tensor.IFMAP)),
                    0, last, words(r.accesses().readBytes(Level.DRAM, Tensor.FILTER)),
                    0, last, words(r.accesses().writeBytes(Level.DRAM, Tensor.OFMAP))));
        }
        return reports;
    }

    private static long words(double bytes) {
        return Math.round(bytes);
    }

    public static List<LayerReport> scalesim(ScaleSimConfig config, List<Layer> layers) {
        List<LayerReport> reports = new ArrayList<>();
        for (Layer layer : layers) {
            reports.add(scalesim(config, layer));
        }
        return reports;
    }

    /** Spatial rows, spatial columns and streamed length of the layer's GEMM under a dataflow. */
    record Mapping(long sr, long sc, long t) {
        static Mapping of(Dataflow dataflow, Layer layer) {
            return switch (dataflow) {
                case OS -> new Mapping(layer.m(), layer.n(), layer.k());
                case WS -> new Mapping(layer.k(), layer.n(), layer.m());
                case IS -> new Mapping(layer.k(), layer.m(), layer.n());
            };
        }
    }

    /** One read SRAM: the operand streams through it in fold order, a prefetch half at a time. */
    static final class ReadStream {
        private final long active;
        private final long prefetch;
        private final long chunkCycles;
        private final boolean resident;
        private final long preloadCycles;
        private long demanded;
        private long chunks;
        private long previousBlock = -1;
        private long lastArrival;

        ReadStream(long sramWords, long operandWords, double bandwidth) {
            this.active = (sramWords + 1) / 2;
            this.prefetch = sramWords - active;
            long perCycle = Math.max(1, (long) Math.floor(bandwidth));
            this.chunkCycles = (prefetch + perCycle - 1) / perCycle + PORT_LATENCY;
            this.resident = operandWords <= active;
            this.preloadCycles = (Math.min(active, operandWords) + perCycle - 1) / perCycle;
        }

        /** SCALE-Sim issues the active half's fill before cycle 0, so the first DRAM cycle is negative. */
        long firstCycle() {
            return -preloadCycles;
        }

        /** Cycle at which the fold's block of {@code words} (block id {@code block}) is on chip. */
        long arrival(long block, long words) {
            if (resident || (block == previousBlock && words <= active)) {
                previousBlock = block;
                return 0;
            }
            previousBlock = block;
            demanded += words;
            if (demanded > active) {
                long needed = prefetch == 0 ? 0 : (demanded - active + prefetch - 1) / prefetch;
                chunks = Math.max(chunks, needed);
            }
            lastArrival = chunks * chunkCycles;
            return lastArrival;
        }

        long dramReads(long operandWords) {
            return resident ? operandWords : Math.min(active, operandWords) + chunks * prefetch;
        }

        long lastArrival() {
            return lastArrival;
        }
    }

    static LayerReport scalesim(ScaleSimConfig config, Layer layer) {
        int rows = config.rows();
        int cols = config.cols();
        Dataflow dataflow = config.dataflow();
        Mapping map = Mapping.of(dataflow, layer);
        long rowFolds = (map.sr() + rows - 1) / rows;
        long colFolds = (map.sc() + cols - 1) / cols;
        long foldCycles = (dataflow == Dataflow.OS ? rows : 2L * rows) + cols + map.t() - 2;
        long folds = rowFolds * colFolds;
        double bandwidth = config.bandwidthWordsPerCycle();
        ReadStream ifmap = new ReadStream(config.ifmapKb() * 1024, layer.m() * layer.k(), bandwidth);
        ReadStream filter = new ReadStream(config.filterKb() * 1024, layer.k() * layer.n(), bandwidth);
        long ofmapHalf = (config.ofmapKb() * 1024 + 1) / 2;
        long drainCycles = (long) Math.ceil(ofmapHalf / bandwidth) + PORT_LATENCY;

        long ifmapSram = 0;
        long filterSram = 0;
        long ofmapSram = 0;
        double mapping = 0;
        double utility = 0;
        long stalls = 0;
        long ofmapFill = 0;
        long drainFree = 0;
        long firstDrain = -1;
        long foldIndex = 0;
        for (long fc = 0; fc < colFolds; fc++) {
            for (long fr = 0; fr < rowFolds; fr++) {
                long rowsUsed = Math.min(rows, map.sr() - fr * rows);
                long colsUsed = Math.min(cols, map.sc() - fc * cols);
                mapping += rowsUsed * colsUsed / (double) (rows * cols);
                utility += rowsUsed * colsUsed * map.t() / (double) (rows * (long) cols * foldCycles);
                long ifmapWords;
                long ifmapBlock;
                long filterWords;
                long filterBlock;
                long ofmapWords;
                switch (dataflow) {
                    case OS -> {
                        ifmapWords = map.t() * rowsUsed;
                        ifmapBlock = fr;
                        filterWords = map.t() * colsUsed;
                        filterBlock = fc;
                        ofmapWords = rowsUsed * colsUsed;
                        // SCALE-Sim's OS module also adds the padded fold's height plus width to its write count
                        ofmapSram += rowsUsed * colsUsed + rows + cols;
                    }
                    case WS -> {
                        ifmapWords = map.t() * rowsUsed;
                        ifmapBlock = fr;
                        filterWords = rowsUsed * colsUsed;
                        filterBlock = fc * rowFolds + fr;
                        ofmapWords = map.t() * colsUsed;
                        ofmapSram += ofmapWords;
                    }
                    default -> {
                        ifmapWords = rowsUsed * colsUsed;
                        ifmapBlock = fc * rowFolds + fr;
                        filterWords = map.t() * rowsUsed;
                        filterBlock = fr;
                        ofmapWords = map.t() * colsUsed;
                        ofmapSram += ofmapWords;
                    }
                }
                ifmapSram += ifmapWords;
                filterSram += filterWords;
                long start = foldIndex * foldCycles + stalls;
                long deadline = start + map.t();
                long stall = Math.max(0, Math.max(ifmap.arrival(ifmapBlock, ifmapWords),
                        filter.arrival(filterBlock, filterWords)) - deadline);
                ofmapFill += ofmapWords;
                while (ofmapFill >= ofmapHalf) {
                    ofmapFill -= ofmapHalf;
                    long swap = start + stall + foldCycles;
                    stall += Math.max(0, drainFree - swap);
                    long begin = Math.max(swap, drainFree);
                    if (firstDrain < 0) {
                        firstDrain = begin;
                    }
                    drainFree = begin + drainCycles;
                }
                stalls += stall;
                foldIndex++;
            }
        }
        long total = folds * foldCycles + stalls;
        if (ofmapFill > 0) {
            long begin = Math.max(total, drainFree);
            if (firstDrain < 0) {
                firstDrain = begin;
            }
            drainFree = begin + (long) Math.ceil(ofmapFill / bandwidth) + PORT_LATENCY;
        }
        return new LayerReport(layer.name(), total, stalls, 100 * layer.macs() / ((double) total * rows * cols),
                100 * mapping / folds, 100 * utility / folds, ifmapSram, filterSram, ofmapSram,
                ifmap.firstCycle(), ifmap.lastArrival(), ifmap.dramReads(layer.m() * layer.k()),
                filter.firstCycle(), filter.lastArrival(), filter.dramReads(layer.k() * layer.n()),
                firstDrain, drainFree, layer.m() * layer.n());
    }
}
