package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresetsTest {

    private static final double EPS = 1e-9;

    @Test
    void catalogueListsTheShippedPresetsInIndexOrder() {
        List<String> names = ArchitectureLoader.presets().stream().map(PresetInfo::name).toList();
        assertEquals(List.of("systolic-32x32-int8", "systolic-128x128-int8", "edge-xnor-int8",
                "systolic-32x32-int8-sparse24", "zigzag-tpu-like", "zigzag-edge-tpu-like", "zigzag-ascend-like",
                "eyeriss-like", "simba-like", "a100-sxm-80gb", "a100-sxm-40gb", "h100-sxm", "tpu-v4-like"), names);
    }

    @Test
    void everyPresetLoadsUnderItsOwnNameWithTheSharedShape() {
        for (PresetInfo info : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(info.name());
            if (arch.loopNest()) {
                continue;
            }
            assertEquals(info.name(), arch.name(), "the file's name key must match its catalogue entry");
            assertEquals("preset:" + info.name(), arch.source());
            assertEquals("45nm", arch.technology());
            assertFalse(arch.description().isBlank());
            assertEquals(Long.MAX_VALUE, arch.dram().sizeBytes(), "preset DRAM is unbounded");
            assertEquals(List.of(StorageKind.SRAM, StorageKind.REGISTER),
                    arch.onChipLevels().stream().map(StorageLevel::kind).toList());
            assertTrue(arch.levels().get(2).perPe());
            assertEquals(DType.FP16, arch.vector().dtype());
        }
    }

    /**
     * Guards the cycle contract of the shipped systolic presets against their own registers:
     * each per-PE level holds and delivers what every array's PE needs ({@link RegisterNeed}),
     * so no preset runs slower than the fold contract the simulator and the RTL are held to.
     */
    @Test
    void everyPresetRegisterKeepsItsArraysAtTheContractsPace() {
        for (PresetInfo info : ArchitectureLoader.presets()) {
            Architecture arch = ArchitectureLoader.preset(info.name());
            List<StorageLevel> registers = arch.loopNest() ? List.of()
                    : arch.onChipLevels().stream().filter(StorageLevel::perPe).toList();
            for (StorageLevel level : registers) {
                for (ComputeArray array : arch.arrays()) {
                    RegisterNeed need = RegisterNeed.of(array);
                    String where = info.name() + " " + level.name() + " for " + array.name();
                    assertTrue(level.sizeBytes() >= need.bytes(), where);
                    assertTrue(level.bandwidthBytesPerCycle() >= need.bytesPerAction(), where);
                }
            }
        }
    }

    /** ZigZag's machines as its YAML files give them (commit 3d12a96e): sizes in bits, pJ per access. */
    @Test
    void zigzagMachinesKeepTheirFiguresAndServedDimensions() {
        Hierarchy tpu = ArchitectureLoader.preset("zigzag-tpu-like").hierarchy();
        assertEquals(List.of("dram", "sram_2MB"), tpu.chain(Operand.INPUT).stream().map(Memory::name).toList());
        assertEquals(List.of("dram", "rf_128B"), tpu.chain(Operand.WEIGHT).stream().map(Memory::name).toList());
        assertEquals(List.of("dram", "sram_2MB", "rf_2B"), tpu.chain(Operand.OUTPUT).stream().map(Memory::name).toList());
        Memory sram = tpu.memories().get(1);
        assertEquals(16_777_216L, sram.sizeBits());
        assertEquals(416.16, sram.readPj(), EPS);
        assertEquals(378.4, sram.writePj(), EPS);
        assertEquals(1, tpu.instances(sram));
        assertEquals(1024, tpu.instances(tpu.memories().get(2)), "one weight register per PE");
        assertEquals(1024, tpu.array().pes());

        Hierarchy edge = ArchitectureLoader.preset("zigzag-edge-tpu-like").hierarchy();
        Memory weightRegister = edge.chain(Operand.WEIGHT).get(2);
        assertEquals("rf_1B", weightRegister.name());
        assertEquals(64, edge.instances(weightRegister), "one per D1 x D2 position, shared along D3 and D4");
        assertEquals(8 * 4 * 4, edge.instances(edge.chain(Operand.OUTPUT).get(2)), "rf_2B sums along D2");

        Hierarchy ascend = ArchitectureLoader.preset("zigzag-ascend-like").hierarchy();
        assertEquals(1, ascend.instances(ascend.memories().get(0)),
                "ZigZag's ascend DRAM serves D1 and D2 only, its inner memories D3 and D4: one DRAM");
        assertEquals(java.util.Set.of("D1", "D2", "D3", "D4"), ascend.spans(ascend.memories().get(0)));
        assertEquals(List.of("dram", "sram_1MB_W", "rf_64KB_W", "rf_1B"),
                ascend.chain(Operand.WEIGHT).stream().map(Memory::name).toList());
        assertEquals(16, ascend.bits(ascend.memories().get(7), Operand.OUTPUT, true));
        assertEquals(8, ascend.bits(ascend.memories().get(7), Operand.OUTPUT, false));
    }

    /**
     * Timeloop's eyeriss_like and simba_like (timeloop-accelergy-exercises at commit 2d551080):
     * sizes are depth x width in bits, energies the Accelergy ERT of the example's reference outputs.
     */
    @Test
    void timeloopMachinesKeepTheirFiguresAndFanout() {
        Hierarchy eyeriss = ArchitectureLoader.preset("eyeriss-like").hierarchy();
        assertEquals(List.of("DRAM", "shared_glb", "ifmap_spad"),
                eyeriss.chain(Operand.INPUT).stream().map(Memory::name).toList());
        assertEquals(List.of("DRAM", "weights_spad"), eyeriss.chain(Operand.WEIGHT).stream().map(Memory::name).toList(),
                "weights bypass the global buffer");
        assertEquals(List.of("DRAM", "shared_glb", "psum_spad"),
                eyeriss.chain(Operand.OUTPUT).stream().map(Memory::name).toList());
        assertEquals(168, eyeriss.array().pes(), "12 x 14 PEs, as in Eyeriss");
        Memory glb = eyeriss.memories().get(1);
        assertEquals(16384L * 64, glb.sizeBits());
        assertEquals(18.183829, glb.readPj(), EPS);
        assertEquals(14.137929, glb.writePj(), EPS);
        assertEquals(128, glb.bitsPerCycle() / 2, EPS, "16 words of 8 bits a cycle each way");
        assertEquals(1, eyeriss.instances(glb));
        for (String spad : List.of("ifmap_spad", "weights_spad", "psum_spad")) {
            assertEquals(168, eyeriss.instances(memory(eyeriss, spad)), spad + " is per PE");
        }
        assertEquals(12 * 16, memory(eyeriss, "ifmap_spad").sizeBits());
        assertEquals(192 * 16, memory(eyeriss, "weights_spad").sizeBits());
        assertEquals(16 * 16, memory(eyeriss, "psum_spad").sizeBits());
        assertEquals(1.976602, memory(eyeriss, "weights_spad").readPj(), EPS);
        assertEquals(16, eyeriss.bits(memory(eyeriss, "psum_spad"), Operand.OUTPUT, true));
        assertEquals(0.207692, eyeriss.array().pjPerOp(), EPS);
        assertEquals(512.0, eyeriss.memories().get(0).readPj(), EPS);

        Hierarchy simba = ArchitectureLoader.preset("simba-like").hierarchy();
        assertEquals(List.of("DRAM", "GlobalBuffer", "PEInputBuffer"),
                simba.chain(Operand.INPUT).stream().map(Memory::name).toList());
        assertEquals(List.of("DRAM", "PEWeightBuffer", "PEWeightRegs"),
                simba.chain(Operand.WEIGHT).stream().map(Memory::name).toList());
        assertEquals(List.of("DRAM", "GlobalBuffer", "PEAccuBuffer"),
                simba.chain(Operand.OUTPUT).stream().map(Memory::name).toList());
        assertEquals(256, simba.array().pes(), "16 PEs x 4 lanes x 4 MACs");
        assertEquals(1, simba.instances(memory(simba, "GlobalBuffer")));
        assertEquals(16, simba.instances(memory(simba, "PEInputBuffer")), "one per PE");
        assertEquals(64, simba.instances(memory(simba, "PEWeightBuffer")), "one per lane");
        assertEquals(64, simba.instances(memory(simba, "PEAccuBuffer")), "one per lane, summing its 4 MACs");
        assertEquals(256, simba.instances(memory(simba, "PEWeightRegs")), "one per MAC");
        assertEquals(2048L * 256, memory(simba, "GlobalBuffer").sizeBits());
        assertEquals(8192L * 64, memory(simba, "PEInputBuffer").sizeBits());
        assertEquals(4096L * 64, memory(simba, "PEWeightBuffer").sizeBits());
        assertEquals(128L * 24, memory(simba, "PEAccuBuffer").sizeBits());
        assertEquals(8, memory(simba, "PEWeightRegs").sizeBits());
        assertEquals(51.870888, memory(simba, "GlobalBuffer").readPj(), EPS);
        assertEquals(66.310888, memory(simba, "GlobalBuffer").writePj(), EPS);
        assertEquals(0.259899 / 64, memory(simba, "PEWeightRegs").readPj(), EPS);
        assertEquals(24, simba.bits(memory(simba, "PEAccuBuffer"), Operand.OUTPUT, true));
        assertEquals(0.315, simba.array().pjPerOp(), EPS);
    }

    private static Memory memory(Hierarchy hierarchy, String name) {
        return hierarchy.memories().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void systolic32() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ComputeArray mac = arch.arrayFor(PeKind.Kind.MAC).orElseThrow();
        assertEquals(32, mac.rows());
        assertEquals(32, mac.cols());
        assertEquals(1024, mac.pes());
        assertEquals(new PeKind.Mac(DType.INT8), mac.pe());
        assertEquals(Dataflow.WS, mac.dataflow());
        assertEquals(1.0, arch.clockGhz(), EPS);
        // LPDDR4-3200 x32: 12.8 GB/s at 1 GHz is 12.8 bytes per cycle.
        assertEquals(12.8, arch.dram().bandwidthBytesPerCycle(), EPS);
        assertEquals(512L * 1024, arch.onChipLevels().get(0).sizeBytes());
        assertEquals("32x32 int8 MAC ws", mac.summary());
    }

    @Test
    void systolic128() {
        Architecture arch = ArchitectureLoader.preset("systolic-128x128-int8");
        ComputeArray mxu = arch.arrays().get(0);
        assertEquals(128, mxu.rows());
        assertEquals(128, mxu.cols());
        assertEquals(Dataflow.WS, mxu.dataflow());
        assertEquals(700e6, arch.clockHz(), EPS);
        // TPUv1's 34 GB/s DDR3 at 700 MHz: 34e9 / 700e6 = 48.571... bytes per cycle.
        assertEquals(34e9 / 700e6, arch.dram().bandwidthBytesPerCycle(), EPS);
        // 24 MiB unified buffer, given as size_mib: 24.
        assertEquals(24L << 20, arch.onChipLevels().get(0).sizeBytes());
    }

    @Test
    void edgeXnor() {
        Architecture arch = ArchitectureLoader.preset("edge-xnor-int8");
        ComputeArray xnor = arch.arrayFor(PeKind.Kind.XNOR_POPCOUNT).orElseThrow();
        ComputeArray mac = arch.arrayFor(PeKind.Kind.MAC).orElseThrow();
        assertEquals(new PeKind.XnorPopcount(64), xnor.pe());
        assertEquals(256, xnor.pes());
        assertEquals(Dataflow.OS, xnor.dataflow());
        assertEquals(256, mac.pes());
        assertEquals(Dataflow.WS, mac.dataflow());
        assertTrue(arch.arrayFor(PeKind.Kind.SPARSE_NM).isEmpty());
        // 12.8 GB/s at 500 MHz is 25.6 bytes per cycle.
        assertEquals(25.6, arch.dram().bandwidthBytesPerCycle(), EPS);
        assertEquals(128L * 1024, arch.onChipLevels().get(0).sizeBytes());
        assertEquals(2e-9, arch.cycleSeconds(), 1e-18);
    }

    @Test
    void sparse24() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8-sparse24");
        ComputeArray sparse = arch.arrayFor(PeKind.Kind.SPARSE_NM).orElseThrow();
        assertEquals(new PeKind.SparseNM(DType.INT8, 2, 4), sparse.pe());
        assertEquals(1024, sparse.pes());
        assertEquals(12.8, arch.dram().bandwidthBytesPerCycle(), EPS);
    }

    @Test
    void presetInfoSummarisesEveryArray() {
        PresetInfo edge = ArchitectureLoader.presets().stream()
                .filter(info -> info.name().equals("edge-xnor-int8")).findFirst().orElseThrow();
        assertEquals("16x16 64-bit XNOR-popcount os + 16x16 int8 MAC ws", edge.arraySummary());
        assertEquals(500e6, edge.clockHz(), EPS);
    }

    @Test
    void presetNamesAreCaseInsensitiveAndResolveFindsThem() {
        Architecture upper = ArchitectureLoader.preset("  SYSTOLIC-32x32-INT8 ");
        assertEquals("systolic-32x32-int8", upper.name());
        assertEquals(upper, ArchitectureLoader.resolve("systolic-32x32-int8"));
        assertSame(StorageKind.DRAM, ArchitectureLoader.resolve("edge-xnor-int8").dram().kind());
    }
}
