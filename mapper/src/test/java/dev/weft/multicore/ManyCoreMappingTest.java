package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.Operand;
import dev.weft.mapper.MappedOperator;
import dev.weft.nest.NestCost;
import dev.weft.nest.Objective;
import dev.weft.workload.DType;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Operator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GEMMs on a100-sxm-80gb, held to figures derived by hand from the preset's published fields. */
class ManyCoreMappingTest {
    private static final Architecture A100 = ArchitectureLoader.preset("a100-sxm-80gb");
    private static final Architecture H100 = ArchitectureLoader.preset("h100-sxm");
    /** The 1800 GB/s a streaming kernel sustains (of the datasheet's 2039), at 1.41 GHz. */
    private static final double HBM_BYTES_PER_CYCLE = 1800e9 / 1.41e9;

    private static MappedOperator map(long m, long k, long n) {
        Operator gemm = GemmWorkload.of(m, k, n, 1, DType.FP16).operators().get(0);
        return new ManyCoreMapping(A100, Objective.EDP).map(gemm);
    }

    /**
     * Decode: one token through a 12288 x 12288 fp16 weight reads 302 MB, which at the sustained
     * 1800 GB/s takes 167.8 us; the array's fill and drain add nothing (no fold contract on a GPU),
     * and the kernel's launch is the estimate's, not the mapping's.
     */
    @Test
    void decodeGemvIsBoundByHbm() {
        MappedOperator gemv = map(1, 12288, 12288);
        double bytes = 12288.0 * 12288 * 2 + 12288 * 2 + 12288 * 2;
        assertEquals(bytes / HBM_BYTES_PER_CYCLE, gemv.cost().cycles(), 1e-3 * gemv.cost().cycles());
        assertEquals("hbm", gemv.cost().bound());
        assertEquals(bytes, gemv.cost().traffic().get("hbm").totalBytes(), 1);
    }

    /**
     * 1024 x 12288 x 12288 in the chosen 256 x 256 core tiles: 4 x 48 = 192 tiles on 108 SMs,
     * 2 waves (the last holds 84 tiles); each tile is 256 x 256 x 12288 / 1024 MACs a clock =
     * 786,432 clocks, so the array's ideal time is 2 x 786,432 = 1,572,864 clocks, 12.5% above
     * the 1,398,101 a perfectly divided GEMM would take: the wave quantisation of this shape.
     */
    @Test
    void largeGemmPaysForItsLastWave() {
        MappedOperator gemm = map(1024, 12288, 12288);
        assertEquals(256, gemm.schedule().bufferTile().m());
        assertEquals(256, gemm.schedule().bufferTile().n());
        assertEquals(1_572_864, gemm.cost().computeCycles());
        assertEquals("compute", gemm.cost().bound());
        // the stalls between waves the loop-nest model adds: 0.03% above the ideal
        assertEquals(1_573_298, gemm.cost().cycles(), 0.01 * 1_573_298);
        assertTrue(gemm.cost().cycles() >= gemm.cost().computeCycles());
    }

    /**
     * The shared L2 is filled from HBM once per distinct panel a wave reads, not once per core
     * that reads it: 8192^3 fp16 on h100-sxm in 256 x 256 core tiles, 32 x 32 = 1024 tiles in 8
     * waves (7 of 132, one of 100). The L2 takes in exactly the inputs and weights HBM gives out,
     * while the cores read from it what their own nests say, here each 256 x 8192 input panel
     * twice (the nest's outer n loop of 2 halves the tile's 128 KiB of fp32 accumulators a
     * partition) and each weight panel once: 1024 x (2 + 1) x 256 x 8192 x 2 B = 12.88 GB. Before
     * the fills were counted per core, the L2 took in those 12.88 GB a second time.
     */
    @Test
    void sharedL2IsFilledOncePerPanelOfAWave() {
        Operator gemm = GemmWorkload.of(8192, 8192, 8192, 1, DType.FP16).operators().get(0);
        MappedOperator mapped = new ManyCoreMapping(H100, Objective.EDP).map(gemm);
        assertEquals(256, mapped.schedule().bufferTile().m());
        assertEquals(256, mapped.schedule().bufferTile().n());
        Map<Operand, NestCost.Access> l2 = mapped.cost().nest().accesses().get("l2");
        Map<Operand, NestCost.Access> hbm = mapped.cost().nest().accesses().get("hbm");
        for (Operand operand : List.of(Operand.INPUT, Operand.WEIGHT)) {
            assertEquals(hbm.get(operand).readBits(), l2.get(operand).writeBits(), 1, operand.name());
        }
        double panelBits = 256.0 * 8192 * 16;
        assertEquals(1024 * 2 * panelBits, l2.get(Operand.INPUT).readBits(), 1);
        assertEquals(1024 * panelBits, l2.get(Operand.WEIGHT).readBits(), 1);
    }
}
