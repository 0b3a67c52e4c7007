package dev.weft.area;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import org.junit.jupiter.api.Test;

class AreaModelTest {
    private static final TechnologyNode NM45 = TechnologyNode.parse("45nm").orElseThrow();
    // Accelergy/CACTI per-bit areas at 32 nm (see AreaModel), moved to 45 nm by (45/32)^2
    private static final double SRAM_UM2_BIT_45 = 217_363.36892 / 1_048_576 * (45.0 * 45) / (32 * 32);
    private static final double REG_UM2_BIT_45 = 11_632.88556 / 3072 * (45.0 * 45) / (32 * 32);

    /**
     * Eyeriss as published: Chen, Krishna, Emer, Sze, "Eyeriss: An Energy-Efficient Reconfigurable
     * Accelerator for Deep Convolutional Neural Networks", IEEE JSSC 52(1), 2017, chip summary: core
     * 3.5 mm x 3.5 mm = 12.25 mm^2 in TSMC 65 nm LP, 168 PEs, 108 KB global buffer, 0.5 KB of
     * scratchpads per PE. The shipped eyeriss-like preset is Timeloop's version of it (12 x 14 PEs,
     * 128 KiB buffer, 440 B of spads per PE, 8-bit MACs); priced at 45 nm and moved to 65 nm by the
     * square rule, it lands within 25% of the chip's core (it leaves out control, the NoC and the
     * floorplan's white space, so it should be below).
     */
    @Test
    void eyerissLikePresetIsWithinAQuarterOfEyerissCoreArea() {
        Architecture eyeriss = ArchitectureLoader.preset("eyeriss-like");
        AreaModel.Report at45 = AreaModel.at(eyeriss, NM45);
        // by hand: 168 int8 MACs (282 + 137 um^2), 16 fp16 vector lanes (1640 + 1360), 1 Mi bits of
        // SRAM, 168 x (192 + 3072 + 256) register bits
        assertEquals(168 * 419 / 1e6, at45.areaMm2().get("compute"), 1e-9);
        assertEquals(16 * 3000 / 1e6, at45.areaMm2().get("vector"), 1e-9);
        assertEquals(1_048_576 * SRAM_UM2_BIT_45 / 1e6, at45.areaMm2().get("shared_glb"), 1e-9);
        assertEquals(168 * 3072 * REG_UM2_BIT_45 / 1e6, at45.areaMm2().get("weights_spad"), 1e-9);
        assertEquals(4.9771, at45.totalMm2(), 0.0005);
        double at65 = at45.totalMm2() * TechnologyNode.parse("65nm").orElseThrow().areaScale();
        assertEquals(10.384, at65, 0.001);
        double published = 3.5 * 3.5;
        assertTrue(Math.abs(at65 / published - 1) <= 0.25, at65 + " mm^2 against Eyeriss's " + published);
    }

    @Test
    void systolicPresetComponentsByHand() {
        AreaModel.Report report = AreaModel.of(ArchitectureLoader.preset("systolic-32x32-int8")).orElseThrow();
        assertEquals(45, report.node().nm());
        assertEquals(1024 * 419 / 1e6, report.areaMm2().get("compute"), 1e-9);
        assertEquals(512 * 1024 * 8 * SRAM_UM2_BIT_45 / 1e6, report.areaMm2().get("GLB"), 1e-9);
        assertEquals(1024 * 64 * REG_UM2_BIT_45 / 1e6, report.areaMm2().get("PE_REG"), 1e-9);
        assertFalse(report.areaMm2().containsKey("DRAM"), "DRAM is off chip");
        assertEquals(2.7352, report.totalMm2(), 0.0005);
        // leakage: 5.39 pW per SRAM bit and 389 pW per register bit (Accelergy's 32 nm statistics)
        double sram = 486.16e-12 / 86_016e-9 / 1_048_576;
        double reg = 17_254.12e-12 / 86_016e-9 / 168 / 3072;
        assertEquals(4_194_304 * sram + 65_536 * reg, report.totalLeakageW(), 1e-12);
        assertEquals(4.808e-5, report.totalLeakageW(), 0.001e-5);
    }

    @Test
    void nodesScaleByTheStatedRules() {
        assertEquals(1.0, NM45.areaScale(), 0);
        assertEquals(Math.pow(65 / 45.0, 2), TechnologyNode.parse("65nm").orElseThrow().areaScale(), 1e-12);
        assertEquals(Math.pow(32 / 45.0, 2), TechnologyNode.parse("32nm (Accelergy tables)").orElseThrow().areaScale(), 1e-12);
        assertEquals(0.027 / 0.346, TechnologyNode.parse("7nm").orElseThrow().areaScale(), 1e-12);
        assertTrue(TechnologyNode.parse("3nm").isEmpty());
        assertTrue(TechnologyNode.parse("unknown").isEmpty());
    }
}
