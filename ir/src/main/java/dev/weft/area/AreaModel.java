package dev.weft.area;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.PeKind;
import dev.weft.arch.StorageKind;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.workload.DType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Silicon area and leakage power of an architecture, per component, under the same component
 * names the {@code arch} energy table prices actions with ({@code compute}, {@code vector}, and
 * each on-chip memory by name; DRAM is off chip and has neither). Figures are held at 45 nm and
 * scaled to the architecture's {@code technology} by {@link TechnologyNode}.
 *
 * <p>Sources (45 nm unless said):
 * <ul>
 * <li>Arithmetic: Horowitz, "Computing's energy problem", ISSCC 2014, Fig. 1.1.9 (area column):
 *     8-bit add 36, 32-bit add 137, 8-bit multiply 282, 32-bit multiply 3495, fp16 add 1360,
 *     fp16 multiply 1640, fp32 add 4184, fp32 multiply 7700 um^2. A MAC is its multiplier plus
 *     its accumulator's adder (int: 32-bit add, as the presets' energies assume; fp16/bf16: fp16
 *     add; fp32: fp32 add). Types Horowitz does not list: int4 and fp4 scale the 8-bit and fp16
 *     multipliers by the square of the width (an array multiplier's partial-product grid); an
 *     XNOR-popcount PE of w bits is w/8 8-bit adders (the popcount tree) plus a 32-bit
 *     accumulator. An N:M sparse PE is priced as one MAC of its type (its index multiplexer is
 *     not counted). A vector lane is one MAC of the unit's type.</li>
 * <li>SRAM: Accelergy's CACTI plug-in as run for Timeloop's eyeriss_like example
 *     (Accelergy-Project/timeloop-accelergy-exercises, eyeriss_like/ref_outputs/default_problem/
 *     timeloop-mapper.ART.yaml at commit 09545d3): shared_glb, 128 KiB in 32 banks of 64-bit
 *     words, 217,363.37 um^2 at 32 nm, i.e. 0.207 um^2 per bit, 0.410 at 45 nm by the square rule.
 *     Area grows with capacity only: the width and port count of the reference (64-bit words, two
 *     read and two write ports) are taken for every SRAM, so a single-ported one is over-estimated.</li>
 * <li>Registers (register files, PE scratchpads): the same file, weights_spad, 3,072 bits in
 *     11,632.89 um^2 at 32 nm, 3.79 um^2 per bit (7.49 at 45 nm).</li>
 * <li>Leakage: the same example's statistics (timeloop-mapper.stats.txt at commit 67b75f2), 86,016
 *     cycles at 1 GHz: shared_glb 486.16 pJ (5.39 pW per bit), weights_spad 17,254.12 pJ over 168
 *     instances (389 pW per bit). Held per bit at every node; Accelergy's table gives the MAC no
 *     leakage, and neither does this model.</li>
 * </ul>
 * Not modelled: on-chip networks (no architecture format describes one yet), control, clock
 * tree and the placement utilisation of a real floorplan.
 */
public final class AreaModel {
    public static final String TOTAL = "total";

    static final double ADD8_UM2 = 36;
    static final double ADD32_UM2 = 137;
    static final double MUL8_UM2 = 282;
    static final double MUL32_UM2 = 3495;
    static final double FADD16_UM2 = 1360;
    static final double FMUL16_UM2 = 1640;
    static final double FADD32_UM2 = 4184;
    static final double FMUL32_UM2 = 7700;

    private static final double SQUARE_32_TO_45 = Math.pow(45.0 / 32.0, 2);
    static final double SRAM_UM2_PER_BIT = 217_363.36892 / (128 * 1024 * 8) * SQUARE_32_TO_45;
    static final double REGISTER_UM2_PER_BIT = 11_632.88556 / 3072 * SQUARE_32_TO_45;
    private static final double REFERENCE_CYCLES = 86_016;
    private static final double REFERENCE_CLOCK_HZ = 1e9;
    static final double SRAM_LEAK_W_PER_BIT = 486.16e-12 / (REFERENCE_CYCLES / REFERENCE_CLOCK_HZ) / (128 * 1024 * 8);
    static final double REGISTER_LEAK_W_PER_BIT = 17_254.12e-12 / (REFERENCE_CYCLES / REFERENCE_CLOCK_HZ) / 168 / 3072;

    private static final double UM2_PER_MM2 = 1e6;

    /** Area and leakage by component; each map ends with {@link #TOTAL}. */
    public record Report(TechnologyNode node, Map<String, Double> areaMm2, Map<String, Double> leakageW) {
        public Report {
            areaMm2 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(areaMm2));
            leakageW = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leakageW));
        }

        public double totalMm2() {
            return areaMm2.get(TOTAL);
        }

        public double totalLeakageW() {
            return leakageW.get(TOTAL);
        }
    }

    private AreaModel() {
    }

    /** At the architecture's own node, or empty when its {@code technology} has no scaling rule. */
    public static Optional<Report> of(Architecture arch) {
        return TechnologyNode.parse(arch.technology()).map(node -> at(arch, node));
    }

    /** At {@code node}, whatever node the architecture's energies are quoted for. */
    public static Report at(Architecture arch, TechnologyNode node) {
        Map<String, Double> area = new LinkedHashMap<>();
        Map<String, Double> leakage = new LinkedHashMap<>();
        double computeUm2 = arch.loopNest() ? arch.hierarchy().array().pes() * peUm2(arch.hierarchy().array().pe())
                : arch.arrays().stream().mapToDouble(AreaModel::arrayUm2).sum();
        area.put(ArchEnergyTable.COMPUTE, computeUm2 * node.areaScale() / UM2_PER_MM2);
        leakage.put(ArchEnergyTable.COMPUTE, 0.0);
        area.put(ArchEnergyTable.VECTOR, arch.vector().lanes() * macUm2(arch.vector().dtype()) * node.areaScale() / UM2_PER_MM2);
        leakage.put(ArchEnergyTable.VECTOR, 0.0);
        Hierarchy hierarchy = arch.hierarchy();
        for (Memory memory : hierarchy.memories()) {
            if (memory.kind() == StorageKind.DRAM) {
                continue;
            }
            double bits = (double) memory.sizeBits() * hierarchy.instances(memory);
            boolean sram = memory.kind() == StorageKind.SRAM;
            area.put(memory.name(), bits * (sram ? SRAM_UM2_PER_BIT : REGISTER_UM2_PER_BIT) * node.areaScale() / UM2_PER_MM2);
            leakage.put(memory.name(), bits * (sram ? SRAM_LEAK_W_PER_BIT : REGISTER_LEAK_W_PER_BIT));
        }
        area.put(TOTAL, sum(area));
        leakage.put(TOTAL, sum(leakage));
        return new Report(node, area, leakage);
    }

    private static double sum(Map<String, Double> parts) {
        return parts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double arrayUm2(ComputeArray array) {
        return (double) array.pes() * peUm2(array.pe());
    }

    static double peUm2(PeKind pe) {
        if (pe instanceof PeKind.XnorPopcount xnor) {
            return xnor.wordBits() / 8.0 * ADD8_UM2 + ADD32_UM2;
        }
        return macUm2(pe.dtype());
    }

    /** One multiplier and the adder that accumulates its products. */
    static double macUm2(DType dtype) {
        return switch (dtype) {
            case INT8 -> MUL8_UM2 + ADD32_UM2;
            case INT4 -> MUL8_UM2 * squared(4, 8) + ADD32_UM2;
            case INT32 -> MUL32_UM2 + ADD32_UM2;
            case FP16, BF16 -> FMUL16_UM2 + FADD16_UM2;
            case FP4 -> FMUL16_UM2 * squared(4, 16) + FADD16_UM2;
            case FP32 -> FMUL32_UM2 + FADD32_UM2;
            case BINARY -> ADD8_UM2 / 8 + ADD32_UM2;
        };
    }

    private static double squared(int bits, int referenceBits) {
        double ratio = bits / (double) referenceBits;
        return ratio * ratio;
    }
}
