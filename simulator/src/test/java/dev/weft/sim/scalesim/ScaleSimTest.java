package dev.weft.sim.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SCALE-Sim inputs and its timing conventions, with counts derived by hand. */
class ScaleSimTest {
    @TempDir
    Path dir;

    static final String CFG = String.join("\n", "[general]", "run_name = \"unit\"", "[architecture_presets]",
            "ArrayHeight:    8", "ArrayWidth:     8", "IfmapSramSzkB:    1024", "FilterSramSzkB:   1024",
            "OfmapSramSzkB:    1024", "Dataflow : os", "Bandwidth : 10", "[run_presets]", "InterfaceBandwidth: USER", "");

    @Test
    void readsAConfigCaseInsensitively() throws Exception {
        ScaleSimConfig config = ScaleSimConfig.read(Files.writeString(dir.resolve("a.cfg"),
                CFG.replace("ArrayWidth", "arraywidth").replace("Bandwidth : 10", "Bandwidth = 10,20")));
        assertEquals(8, config.rows());
        assertEquals(8, config.cols());
        assertEquals(Dataflow.OS, config.dataflow());
        assertEquals(1024, config.filterKb());
        assertEquals(10, config.bandwidthWordsPerCycle());
        assertEquals("unit", config.runName());
    }

    @Test
    void missingKeyAndUnknownModeAreNamed() throws Exception {
        WeftInputException missing = assertThrows(WeftInputException.class, () -> ScaleSimConfig.read(
                Files.writeString(dir.resolve("b.cfg"), CFG.replace("Dataflow : os\n", ""))));
        assertTrue(missing.getMessage().contains("Dataflow: missing"), missing.getMessage());
        WeftInputException calc = assertThrows(WeftInputException.class, () -> ScaleSimConfig.read(
                Files.writeString(dir.resolve("c.cfg"), CFG.replace("USER", "FAST"))));
        assertTrue(calc.getMessage().contains("USER or CALC"), calc.getMessage());
    }

    /** CALC mode needs no Bandwidth: SCALE-Sim then reads 10 words a cycle and drains a row of the array a cycle. */
    @Test
    void calcModeReadsWithoutBandwidth() throws Exception {
        ScaleSimConfig config = ScaleSimConfig.read(Files.writeString(dir.resolve("calc.cfg"),
                CFG.replace("USER", "CALC").replace("Bandwidth : 10\n", "")));
        assertEquals(false, config.userBandwidth());
        assertEquals(10, config.bandwidthWords());
        WeftInputException user = assertThrows(WeftInputException.class, () -> ScaleSimConfig.read(
                Files.writeString(dir.resolve("user.cfg"), CFG.replace("Bandwidth : 10\n", ""))));
        assertTrue(user.getMessage().contains("Bandwidth: missing in USER bandwidth mode"), user.getMessage());
    }

    /**
     * Window 7 x 7 x 3 = 147; 64 filters; SCALE-Sim rounds the output up, (224 - 7 + 2) / 2 = 109.5
     * to 110 a side, its last windows hanging over the edge; Weft's own timing keeps the 109 inside.
     */
    @Test
    void convolutionRowsBecomeTheirIm2colGemm() throws Exception {
        Path topo = Files.writeString(dir.resolve("conv.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides,\nConv1, 224, 224, 7, 7, 3, 64, 2,\n");
        Layer conv = Topology.read(topo, false).get(0);
        assertEquals(List.of(110L * 110, 64L, 147L), List.of(conv.m(), conv.n(), conv.k()));
        assertEquals(109 * 109, conv.conv().pixelsInside());
        Path gemm = Files.writeString(dir.resolve("gemm.csv"), "Layer, M, N, K,\nQKT, 1024, 1024, 64,\n");
        assertEquals(List.of(new Layer("QKT", 1024, 1024, 64)), Topology.read(gemm, true));
    }

    /**
     * M=64, N=32, K=48 on 8x8 with SRAMs that hold everything (no stalls). OS: 8 x 4 folds of
     * 8+8+48-2 = 62 cycles; WS: K x N = 6 x 4 folds of 16+8+64-2 = 86; IS: K x M = 6 x 8 folds of
     * 16+8+32-2 = 54; SCALE-Sim's total is the index of the last cycle, one less than their sum.
     * SRAM counts as SCALE-Sim's compute modules make them, OS adding R + C per fold to its
     * ofmap writes.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "OS, 1983, 12288, 12288, 2560, 2048",
        "WS, 2063, 12288, 1536, 12288, 12288",
        "IS, 2591, 3072, 12288, 12288, 12288",
    })
    void foldFormulaAndCountsWithoutStalls(Dataflow dataflow, long cycles, long ifmap, long filter, long ofmap,
                                           long ofmapDram) {
        ScaleSimConfig config = ScaleSimConfig.of(8, 8, dataflow, 1024, 1024, 1024, 10);
        LayerReport report = ScaleSimRun.scalesim(config, List.of(Layer.gemm("l", 64, 32, 48))).get(0);
        assertEquals(cycles, report.totalCycles());
        assertEquals(0, report.stallCycles());
        assertEquals(ifmap, report.ifmapSram().words());
        assertEquals(filter, report.filterSram().words());
        assertEquals(ofmap, report.ofmapSram().words());
        assertEquals(100.0 * 64 * 32 * 48 / (cycles * 64.0), report.overallUtilPct(), 1e-9);
        // DRAM answers whole lines of 10 words: 3,072 ifmap words take 308 lines
        assertEquals(3080, report.ifmapDramReads());
        // the stationary dataflows write every row fold's partial sums out
        assertEquals(ofmapDram, report.ofmapDramWrites());
    }

    /** An ifmap larger than its active half streams again for every column fold, and the array waits for it. */
    @Test
    void ifmapThatDoesNotFitIsRefetchedAndStalls() {
        ScaleSimConfig config = ScaleSimConfig.of(8, 8, Dataflow.OS, 1, 1024, 1024, 2);
        LayerReport report = ScaleSimRun.scalesim(config, List.of(Layer.gemm("l", 64, 32, 48))).get(0);
        assertTrue(report.stallCycles() > 0, report.summary());
        assertTrue(report.ifmapDramReads() >= 4 * 64 * 48 - 512, report.summary());
        assertEquals(1983 + report.stallCycles(), report.totalCycles());
    }

    /**
     * Weft's timing of the same layer: its output-stationary folds drain R cycles more than
     * SCALE-Sim's, and it counts cycles where SCALE-Sim gives the last cycle's index.
     */
    @Test
    void weftTimingDiffersByTheDrainOfOutputStationary() {
        ScaleSimConfig config = ScaleSimConfig.of(8, 8, Dataflow.OS, 1024, 1024, 1024, 1e6);
        LayerReport weft = ScaleSimRun.weft(config, List.of(Layer.gemm("l", 64, 32, 48)), 0).get(0);
        LayerReport scalesim = ScaleSimRun.scalesim(config, List.of(Layer.gemm("l", 64, 32, 48))).get(0);
        assertEquals(scalesim.totalCycles() + 1 + 32 * 8, weft.totalCycles() - weft.stallCycles());
    }
}
