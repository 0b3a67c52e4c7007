package dev.weft.multicore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.mapper.MappedOperator;
import dev.weft.nest.Objective;
import dev.weft.workload.DType;
import dev.weft.workload.GemmWorkload;
import dev.weft.workload.Operator;
import org.junit.jupiter.api.Test;

/** GEMMs on a100-sxm-80gb, held to figures derived by hand from the preset's published fields. */
class ManyCoreMappingTest {
    private static final Architecture A100 = ArchitectureLoader.preset("a100-sxm-80gb");
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
        // the stalls between waves the loop-nest model adds: 1.3% above the ideal
        assertEquals(1_594_027, gemm.cost().cycles(), 0.01 * 1_594_027);
        assertTrue(gemm.cost().cycles() >= gemm.cost().computeCycles());
    }
}
