package dev.weft.sim.scalesim;

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
    private ScaleSimRun() {
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
