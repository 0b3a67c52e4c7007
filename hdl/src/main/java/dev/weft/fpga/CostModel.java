package dev.weft.fpga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.hdl.CoreSpec;
import java.util.Locale;

/**
 * Resource estimates from fpga-boards/catalog/cost-model.yaml: per-PE and per-bit costs
 * measured with Yosys on the generated RTL, per FPGA family.
 */
public final class CostModel {
    private static final String FILE = "cost-model.yaml";
    private static final JsonNode ROOT = BoardCatalog.readYaml(FILE);

    private CostModel() {
    }

    public static Estimate estimate(CoreSpec spec, Board board, Mapping mapping) {
        JsonNode family = family(board);
        if (spec instanceof CoreSpec.MacArray array) {
            JsonNode pe = need(need(need(family, "array"), array.dataflow().label()), mapping.label());
            JsonNode selfTest = need(family, "self_test");
            long pes = array.pes();
            return new Estimate(
                    pes * need(pe, "lut_per_pe").asLong() + need(selfTest, "lut_base").asLong()
                            + array.cols() * need(selfTest, "lut_per_col").asLong(),
                    pes * need(pe, "ff_per_pe").asLong() + need(selfTest, "ff_base").asLong(),
                    pes * need(pe, "dsp_per_pe").asLong(), 0);
        }
        if (spec instanceof CoreSpec.XnorUnit xnor) {
            JsonNode cost = need(family, "xnor");
            return new Estimate(
                    (long) Math.ceil(xnor.width() * need(cost, "lut_per_bit").asDouble()) + need(cost, "lut_base").asLong(),
                    xnor.width() * need(cost, "ff_per_bit").asLong() + need(cost, "ff_base").asLong(), 0, 0);
        }
        throw new IllegalArgumentException("no FPGA cost model for " + spec.summary());
    }

    /** LUTs above this fraction of the device make placement unreliable. */
    public static double maxLutFraction(Board board) {
        return need(family(board), "max_lut_fraction").asDouble();
    }

    /** The family's name for its hardware multiplier block, for messages. */
    public static String dspName(Board board) {
        return switch (board.family()) {
            case "ice40" -> "SB_MAC16";
            case "xilinx-7" -> "DSP48E1";
            default -> "DSP48E2";
        };
    }


    private static JsonNode family(Board board) {
        JsonNode family = ROOT.path("families").get(board.family().toLowerCase(Locale.ROOT));
        if (family == null) {
            throw new IllegalStateException("cost model has no family " + board.family() + " (board " + board.name() + ")");
        }
        return family;
    }

    private static JsonNode need(JsonNode node, String field) {
        return BoardCatalog.need(node, field, FILE);
    }
}
