package dev.weft.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.arch.Dataflow;
import dev.weft.hdl.CoreSpec;
import dev.weft.hdl.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one full open-flow run of the test suite (a small XNOR unit), and the Vivado script for a Xilinx board. */
class FpgaFlowTest {
    @Test
    void openFlowBuildsABitstreamForAnXnorUnitOnTheIcebreaker(@TempDir Path dir) throws Exception {
        Optional<String> missing = ExternalTool.missing(ExternalTool.YOSYS, ExternalTool.NEXTPNR_ICE40, ExternalTool.ICEPACK);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        Board board = BoardCatalog.get("icebreaker");
        FitCheck.Fit fit = FitCheck.check(new CoreSpec.XnorUnit(32), board, Optional.empty());
        Path out = dir.resolve("xnor");
        FpgaReport report = FpgaFlow.build(fit, out, step -> { });
        assertTrue(Files.size(out.resolve("weft.bin")) > 100_000, "an UP5K bitstream is about 104 kB");
        JsonNode json = new ObjectMapper().readTree(out.resolve("fpga.json").toFile());
        assertTrue(json.get("flow_run").asBoolean());
        long lcs = json.at("/utilization/ICESTORM_LC/used").asLong();
        assertTrue(lcs > 50 && lcs < 1000, "logic cells: " + lcs);
        assertEquals(5280, json.at("/utilization/ICESTORM_LC/available").asLong());
        assertTrue(report.fmaxMhz().orElseThrow() > 12, "a 32-bit popcount runs faster than the 12 MHz oscillator");
        assertTrue(Files.readString(out.resolve("board.pcf")).contains("set_io -nowarn CLK 35"));
        try (var leftovers = Files.list(dir)) {
            assertEquals(1, leftovers.count(), "no staging directory is left behind");
        }
    }

    @Test
    void xilinxBoardsGetAVivadoScriptMarkedNotRun(@TempDir Path dir) throws Exception {
        Board board = BoardCatalog.get("arty-a7-35t");
        FitCheck.Fit fit = FitCheck.check(new CoreSpec.MacArray(2, 2, Dataflow.OS), board, Optional.of(Mapping.LUT));
        FpgaReport report = FpgaFlow.build(fit, dir.resolve("arty"), step -> { });
        assertFalse(report.run());
        String tcl = Files.readString(dir.resolve("arty/build.tcl"));
        assertTrue(tcl.contains("synth_design -top weft_board_top -part $part -max_dsp 0"), tcl);
        assertTrue(tcl.contains("set part xc7a35ticsg324-1L"), tcl);
        assertTrue(Files.readString(dir.resolve("arty/board.xdc")).contains("PACKAGE_PIN E3"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("arty/fpga.json").toFile());
        assertFalse(json.get("flow_run").asBoolean());
        assertTrue(json.get("note").asText().startsWith("NOT RUN"));
    }
}
