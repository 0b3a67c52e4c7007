package dev.weft.fpga;

import java.util.Optional;

/**
 * One FPGA board of the catalog (fpga-boards/catalog/NAME.yaml, format weft-board/1).
 *
 * @param family  cost-model family: ice40, xilinx-7, xilinx-ultrascale-plus
 * @param device  nextpnr device flag for the open flow (e.g. up5k); empty for Vivado boards
 * @param pass    LED lit when the self-test passes; empty where the board has none reachable
 */
public record Board(String name, String title, String vendor, String family, String part, String device,
                    String packageName, Flow flow, Resources resources, Clock clock, Optional<Pin> pass,
                    Optional<Pin> fail, Optional<Dram> dram) {

    /** How a bitstream is made: the open Yosys/nextpnr/icepack flow here, or a Vivado script to run elsewhere. */
    public enum Flow {
        OPEN, VIVADO
    }

    /** @param bramKbit block RAM in kbit (EBR on iCE40, 36-kbit BRAMs on Xilinx), UltraRAM/SPRAM not included */
    public record Resources(long lut, long ff, long dsp, long bramKbit) {
    }

    /** @param pinN the negative pin of a differential clock, empty when single-ended */
    public record Clock(double mhz, String pin, Optional<String> pinN, Optional<String> ioStandard) {
    }

    public record Pin(String pin, boolean activeLow, Optional<String> ioStandard) {
    }

    public record Dram(String kind, double gbPerS) {
    }

    /** E.g. {@code iCE40UP5K-SG48: 5280 LUT, 5280 FF, 8 DSP, 120 kbit BRAM, 12 MHz}. */
    public String summary() {
        return part + ": " + resources.lut + " LUT, " + resources.ff + " FF, " + resources.dsp + " DSP, "
                + resources.bramKbit + " kbit BRAM, " + fmt(clock.mhz) + " MHz clock"
                + dram.map(d -> ", " + d.kind + " " + fmt(d.gbPerS) + " GB/s").orElse(", no DRAM");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
