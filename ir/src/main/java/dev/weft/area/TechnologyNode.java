package dev.weft.area;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process node and how areas quoted at 45 nm scale to it.
 *
 * <p>Planar nodes (22 to 180 nm): the classical rule, area proportional to the square of the
 * feature size (Dennard et al., IEEE JSSC 1974; the rule Accelergy's and Aladdin's tables use
 * between nodes). FinFET node names no longer measure a feature, so 7 nm and 5 nm scale by the
 * ratio of published high-density 6T SRAM bit cells: Intel 45 nm 0.346 um^2 (Mistry et al.,
 * IEDM 2007), TSMC N7 0.027 um^2 (Wu et al., IEDM 2016), TSMC N5 0.021 um^2 (Yeap et al., IEDM
 * 2019). Logic is scaled by the same ratio, a conservative choice: logic density grew at least
 * as much as SRAM density over those nodes.
 *
 * @param areaScale multiply a 45 nm area by this to get the area at this node
 */
public record TechnologyNode(int nm, double areaScale, String rule) {
    public static final int REFERENCE_NM = 45;
    static final double BITCELL_45NM_UM2 = 0.346;
    static final double BITCELL_N7_UM2 = 0.027;
    static final double BITCELL_N5_UM2 = 0.021;
    private static final Pattern NM = Pattern.compile("^\\s*(\\d{1,3})\\s*nm\\b.*", Pattern.DOTALL);

    /**
     * The node an architecture's {@code technology} field names ({@code 45nm}, {@code 32nm (...)},
     * {@code 7nm}), or empty when Weft has no scaling rule for it.
     */
    public static Optional<TechnologyNode> parse(String technology) {
        Matcher m = NM.matcher(technology == null ? "" : technology);
        if (!m.matches()) {
            return Optional.empty();
        }
        int nm = Integer.parseInt(m.group(1));
        if (nm >= 22 && nm <= 180) {
            double ratio = nm / (double) REFERENCE_NM;
            return Optional.of(new TechnologyNode(nm, ratio * ratio, "(node / 45 nm)^2"));
        }
        return switch (nm) {
            case 7 -> Optional.of(new TechnologyNode(7, BITCELL_N7_UM2 / BITCELL_45NM_UM2, "SRAM bit cell N7 / 45 nm"));
            case 5 -> Optional.of(new TechnologyNode(5, BITCELL_N5_UM2 / BITCELL_45NM_UM2, "SRAM bit cell N5 / 45 nm"));
            default -> Optional.empty();
        };
    }

    /** The nodes with a rule, for messages. */
    public static String supported() {
        return "22 to 180 nm (planar), 7nm, 5nm";
    }
}
