package dev.weft.sim.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The leaping {@link ScaleSimModel} against {@link RowByRowModel}, and the speed it is for. */
class ScaleSimModelTest {
    /**
     * Random GEMMs and convolutions, arrays, SRAMs (down to one KiB, so that windows wrap and
     * drains stall), bandwidths, USER and CALC modes.
     */
    @Test
    void leapingMatchesSteppingThroughEveryLine() {
        Random random = new Random(7);
        for (int run = 0; run < 600; run++) {
            int rows = 1 + random.nextInt(24);
            int cols = 1 + random.nextInt(24);
            Dataflow dataflow = Dataflow.values()[random.nextInt(3)];
            long[] kb = {1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3)};
            long bandwidth = 1 + random.nextInt(40);
            ScaleSimConfig config = new ScaleSimConfig("r", rows, cols, dataflow, kb[0], kb[1], kb[2],
                    random.nextInt(4) > 0, bandwidth);
            Layer layer = random.nextInt(4) > 0
                    ? Layer.gemm("r" + run, 1 + random.nextInt(120), 1 + random.nextInt(120), 1 + random.nextInt(120))
                    : Layer.conv("c" + run, new Im2col(6 + random.nextInt(10), 6 + random.nextInt(10),
                    1 + random.nextInt(4), 1 + random.nextInt(4), 1 + random.nextInt(4), 1 + random.nextInt(3),
                    1 + random.nextInt(3)), 1 + random.nextInt(40));
            assertEquals(RowByRowModel.run(config, layer), ScaleSimModel.run(config, layer),
                    config + " " + layer);
        }
    }

    /** An operand one set larger than the active half: a cycle's words straddle the one set the window lacks. */
    @Test
    void windowThatLacksOneSetSweepsOverIt() {
        // 1 KiB: sets of 11 words, 47 active; ifmap 64 x 8 = 512 words make 47 sets, with the open one 48
        ScaleSimConfig config = ScaleSimConfig.of(8, 8, Dataflow.WS, 1, 64, 64, 3);
        for (long m : new long[] {64, 65, 70}) {
            Layer layer = Layer.gemm("edge", m, 16, 8);
            assertEquals(RowByRowModel.run(config, layer), ScaleSimModel.run(config, layer));
        }
    }

    /** The large layer: SCALE-Sim traces it for hours; its timing here takes well under a second. */
    @Test
    void largeLayerInUnderASecond() {
        ScaleSimConfig config = ScaleSimConfig.of(128, 128, Dataflow.WS, 64, 64, 64, 10);
        long start = System.nanoTime();
        LayerReport report = ScaleSimModel.run(config, Layer.gemm("ffn", 4096, 4096, 4096));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 1, seconds + " s");
        assertTrue(report.stallCycles() > 1_000_000, report.summary());
    }
}
