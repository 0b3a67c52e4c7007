package dev.weft.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.CoreSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FitCheckTest {
    private final Board icebreaker = BoardCatalog.get("icebreaker");

    @Test
    void catalogHoldsTheFourBoardsWithTheirResources() {
        assertEquals(java.util.List.of("icebreaker", "arty-a7-35t", "zcu104", "alveo-u250"), BoardCatalog.names());
        assertEquals(8, icebreaker.resources().dsp());
        assertEquals(5280, icebreaker.resources().lut());
        assertEquals(12.0, icebreaker.clock().mhz());
        assertTrue(icebreaker.dram().isEmpty());
        Board u250 = BoardCatalog.get("Alveo-U250");
        assertEquals(12288, u250.resources().dsp());
        assertEquals(76.8, u250.dram().orElseThrow().gbPerS());
        assertEquals(Board.Flow.VIVADO, BoardCatalog.get("arty-a7-35t").flow());
    }

    @Test
    void unknownBoardIsRefusedWithTheCatalog() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> BoardCatalog.get("de10-nano"));
        assertTrue(e.getMessage().contains("unknown board 'de10-nano'"), e.getMessage());
        assertTrue(e.getMessage().contains("icebreaker, arty-a7-35t"), e.getMessage());
    }

    @Test
    void dspMappingOfA4x4ArrayNeedsMoreMac16ThanTheUp5kHas() {
        CoreSpec array = new CoreSpec.MacArray(4, 4, Dataflow.WS);
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> FitCheck.check(array, icebreaker, Optional.of(Mapping.DSP)));
        assertTrue(e.getMessage().contains("needs 16 SB_MAC16, the iCE40UP5K-SG48 has 8"), e.getMessage());
        assertTrue(e.getMessage().contains("--mapping lut"), e.getMessage());
        assertTrue(e.getMessage().contains("2x4"), e.getMessage());
    }

    @Test
    void withoutAMappingTheCheckFallsBackToLuts() {
        FitCheck.Fit fit = FitCheck.check(new CoreSpec.MacArray(4, 4, Dataflow.WS), icebreaker, Optional.empty());
        assertEquals(Mapping.LUT, fit.mapping());
        assertEquals(0, fit.estimate().dsp());
        FitCheck.Fit small = FitCheck.check(new CoreSpec.MacArray(2, 4, Dataflow.WS), icebreaker, Optional.empty());
        assertEquals(Mapping.DSP, small.mapping());
        assertEquals(8, small.estimate().dsp());
    }

    @Test
    void anArrayLargerThanTheBoardIsRefusedWithWhatFits() {
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> FitCheck.check(new CoreSpec.MacArray(16, 16, Dataflow.OS), icebreaker, Optional.empty()));
        assertTrue(e.getMessage().contains("does not fit the iCE40UP5K-SG48"), e.getMessage());
        assertTrue(e.getMessage().contains("the largest that fits is 3x3 int8 MAC array, os"), e.getMessage());
    }

    @Test
    void largestArrayOnTheUp5kIs4x4WeightStationaryInLuts() {
        FitCheck.Fit fit = FitCheck.largestArray(icebreaker, Dataflow.WS);
        assertEquals(new CoreSpec.MacArray(4, 4, Dataflow.WS), fit.spec());
        assertEquals(Mapping.LUT, fit.mapping());
        assertTrue(fit.lutFraction() <= 0.85);
    }

    @Test
    void xilinxBoardsAreLimitedByTheirDspBlocks() {
        FitCheck.Fit fit = FitCheck.largestArray(BoardCatalog.get("zcu104"), Dataflow.WS);
        assertEquals(Mapping.DSP, fit.mapping());
        assertEquals(41 * 41, fit.spec().pes());
        assertTrue(fit.estimate().dsp() <= 1728);
    }

    @Test
    void xnorUnitsFitByLutsAndWideOnesAreRefused() {
        FitCheck.Fit fit = FitCheck.check(new CoreSpec.XnorUnit(256), icebreaker, Optional.empty());
        assertTrue(fit.estimate().lut() > 256, "a popcount costs more than one LUT per bit");
        assertThrows(WeftInputException.class, () -> FitCheck.check(new CoreSpec.XnorUnit(4096), icebreaker, Optional.empty()));
    }

    @Test
    void sparseArraysHaveNoBoardFlow() {
        assertThrows(WeftInputException.class,
                () -> FitCheck.check(new CoreSpec.SparseArray(2, 2), icebreaker, Optional.empty()));
    }
}
