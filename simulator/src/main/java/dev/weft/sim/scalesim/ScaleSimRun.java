package dev.weft.sim.scalesim;

import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
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
 * <p>{@link #scalesim}: SCALE-Sim v2.0.2's own timing, reproduced number for number by
 * {@link ScaleSimModel}; {@code simulator/README.md} lists where it differs from Weft's.
 *
 * <p>{@link #weft}: Weft's own timing of the same layer: a buffer tile chosen to fit the three
 * SRAMs double-buffered, the RTL fold contract, and the fast engine.
 */
public final class ScaleSimRun {
    /**
     * Buffer refills one layer may take ({@link #refills}): both timings walk a layer fold by
     * fold and within a fold from buffer event to buffer event, a few microseconds each, so 2^20
     * stay within seconds. SCALE-Sim's golden runs take at most 2^10; a 4096^3 GEMM on an 8 x 8
     * array with 512 KiB SRAMs 2^16; with 1 KiB SRAMs on a 128 x 128 array 2^21, about 5 s.
     */
    public static final double MAX_REFILLS = 0x1p20;

    private ScaleSimRun() {
    }

    /**
     * About how often a layer refills the smallest SRAM's half: its folds (the spatial
     * dimensions, by dataflow, in array-sized pieces) times the operand each fold streams, a row
     * and a column of words per step, over half the smallest SRAM's words.
     */
    public static double refills(ScaleSimConfig config, Layer layer) {
        Dataflow dataflow = config.dataflow();
        long spatialRows = dataflow == Dataflow.OS ? layer.m() : layer.k();
        long spatialCols = dataflow == Dataflow.IS ? layer.m() : layer.n();
        long streamed = dataflow == Dataflow.OS ? layer.k() : dataflow == Dataflow.WS ? layer.m() : layer.n();
        double folds = (double) ReadBuffer.ceilDiv(spatialRows, config.rows())
                * ReadBuffer.ceilDiv(spatialCols, config.cols());
        double halfWords = Math.min(config.ifmapKb(), Math.min(config.filterKb(), config.ofmapKb())) * 512.0;
        return folds * streamed * (config.rows() + config.cols()) / halfWords;
    }

    public static List<LayerReport> weft(ScaleSimConfig config, List<Layer> layers, long dramLatency) {
        ArraySpec array = new ArraySpec(config.rows(), config.cols(), config.dataflow());
        MemorySpec memory = MemorySpec.perTensor(config.bandwidthWordsPerCycle(), dramLatency, config.ifmapKb() * 1024,
                config.filterKb() * 1024, config.ofmapKb() * 1024);
        List<LayerReport> reports = new ArrayList<>();
        for (Layer layer : layers) {
            // Weft convolves without SCALE-Sim's windows over the edge
            long m = layer.conv() != null ? layer.conv().pixelsInside() : layer.m();
            double macs = (double) m * layer.n() * layer.k();
            GemmJob job = TileChooser.choose(layer.name(), new GemmTile(m, layer.n(), layer.k()), 1, array, memory);
            GemmResult r = FastSimulator.run(job, array, memory);
            double pes = array.pes();
            long fixed = 2L * array.rows() + array.cols() - 2;
            double streamSlots = pes * (r.computeCycles() - r.folds() * fixed);
            long last = r.cycles() - 1;
            reports.add(new LayerReport(layer.name(), r.cycles(), r.stallCycles(),
                    100 * macs / (r.cycles() * pes), 100 * macs / streamSlots, 100 * macs / (r.computeCycles() * pes),
                    new LayerReport.Traffic(0, last, words(r.accesses().readBytes(Level.SRAM, Tensor.IFMAP))),
                    new LayerReport.Traffic(0, last, words(r.accesses().readBytes(Level.SRAM, Tensor.FILTER))),
                    new LayerReport.Traffic(0, last, words(r.accesses().writeBytes(Level.SRAM, Tensor.OFMAP))),
                    new LayerReport.Traffic(0, last, words(r.accesses().readBytes(Level.DRAM, Tensor.IFMAP))),
                    new LayerReport.Traffic(0, last, words(r.accesses().readBytes(Level.DRAM, Tensor.FILTER))),
                    new LayerReport.Traffic(0, last, words(r.accesses().writeBytes(Level.DRAM, Tensor.OFMAP)))));
        }
        return reports;
    }

    private static long words(double bytes) {
        return Math.round(bytes);
    }

    public static List<LayerReport> scalesim(ScaleSimConfig config, List<Layer> layers) {
        if (config.bandwidthWordsPerCycle() != Math.rint(config.bandwidthWordsPerCycle())) {
            throw new WeftInputException("--bandwidth", null, "is " + config.bandwidthWordsPerCycle()
                    + " words per cycle; SCALE-Sim moves whole words", "give a whole number of words per cycle");
        }
        List<LayerReport> reports = new ArrayList<>();
        for (Layer layer : layers) {
            reports.add(ScaleSimModel.run(config, layer));
        }
        return reports;
    }
}
