package dev.weft.fpga;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the FPGA flow produced for one design on one board.
 *
 * @param used      post-place-and-route use by resource (nextpnr's names), empty when not run
 * @param available the device's count of each resource in {@code used}
 * @param fmaxMhz   the highest clock nextpnr's timing analysis allows, empty when not run
 * @param bitstream file name of the bitstream in the output directory, empty when not run
 */
public record FpgaReport(FitCheck.Fit fit, String topModule, boolean run, Map<String, Long> used,
                         Map<String, Long> available, long yosysLut4, Optional<Double> fmaxMhz,
                         Optional<String> bitstream, long bitstreamBytes, double seconds, String note) {

    public boolean timingMet() {
        return fmaxMhz.map(f -> f >= fit.board().clock().mhz()).orElse(false);
    }

    /** The machine-readable form, written as fpga.json. */
    public Map<String, Object> toJson() {
        Board board = fit.board();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("board", board.name());
        json.put("part", board.part());
        json.put("design", fit.spec().summary());
        json.put("top_module", topModule);
        json.put("mapping", fit.mapping().label());
        json.put("flow", board.flow() == Board.Flow.OPEN ? "yosys+nextpnr-ice40+icepack" : "vivado");
        json.put("flow_run", run);
        Estimate e = fit.estimate();
        json.put("estimate", Map.of("lut", e.lut(), "ff", e.ff(), "dsp", e.dsp(), "bram_kbit", e.bramKbit()));
        json.put("board_resources", Map.of("lut", board.resources().lut(), "ff", board.resources().ff(),
                "dsp", board.resources().dsp(), "bram_kbit", board.resources().bramKbit()));
        if (run) {
            Map<String, Object> utilization = new LinkedHashMap<>();
            for (Map.Entry<String, Long> entry : used.entrySet()) {
                utilization.put(entry.getKey(), Map.of("used", entry.getValue(), "available", available.get(entry.getKey())));
            }
            json.put("utilization", utilization);
            json.put("yosys_lut4", yosysLut4);
            json.put("fmax_mhz", fmaxMhz.orElse(null));
            json.put("target_mhz", board.clock().mhz());
            json.put("timing_met", timingMet());
            json.put("bitstream", bitstream.orElse(null));
            json.put("bitstream_bytes", bitstreamBytes);
            json.put("flow_seconds", Math.round(seconds * 10) / 10.0);
        }
        json.put("note", note);
        return json;
    }

    /** The human-readable form, printed and written as fpga.txt. */
    public String toText() {
        Board board = fit.board();
        StringBuilder text = new StringBuilder();
        text.append(fit.spec().summary()).append(" on ").append(board.title()).append(" (").append(board.part()).append(")\n");
        text.append("  mapping        ").append(fit.spec() instanceof dev.weft.hdl.CoreSpec.MacArray
                ? fit.mapping().label() + " multipliers" : "logic only (no multipliers)").append('\n');
        Estimate e = fit.estimate();
        text.append(String.format(Locale.ROOT, "  estimate       %d LUT, %d FF, %d DSP, %d kbit BRAM (board: %d LUT, %d DSP)%n",
                e.lut(), e.ff(), e.dsp(), e.bramKbit(), board.resources().lut(), board.resources().dsp()));
        if (run) {
            for (Map.Entry<String, Long> entry : used.entrySet()) {
                long of = available.getOrDefault(entry.getKey(), 0L);
                text.append(String.format(Locale.ROOT, "  %-14s %d / %d (%.0f%%)%n", entry.getKey(), entry.getValue(), of,
                        of == 0 ? 0.0 : 100.0 * entry.getValue() / of));
            }
            text.append(String.format(Locale.ROOT, "  fmax           %s MHz against %s MHz target: %s%n",
                    fmaxMhz.map(f -> String.format(Locale.ROOT, "%.2f", f)).orElse("?"),
                    String.format(Locale.ROOT, "%.2f", board.clock().mhz()), timingMet() ? "met" : "NOT met"));
            text.append("  bitstream      ").append(bitstream.orElse("-")).append(" (").append(bitstreamBytes).append(" bytes)\n");
            text.append(String.format(Locale.ROOT, "  flow time      %.1f s%n", seconds));
        }
        text.append("  note           ").append(note).append('\n');
        return text.toString();
    }
}
