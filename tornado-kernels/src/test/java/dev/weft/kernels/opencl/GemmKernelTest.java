package dev.weft.kernels.opencl;

import static dev.weft.kernels.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.MatmulShape;
import dev.weft.schedule.GemmTile;
import org.junit.jupiter.api.Test;

class GemmKernelTest extends OpenClKernelTest {
    GemmKernelTest() {
        super(7);
    }

    private void check(MatmulShape shape, GemmTile tile) {
        float[] a = random.floats(shape.batch() * shape.m() * shape.k());
        float[] b = random.floats(shape.batch() * shape.k() * shape.n());
        assertClose(device.matmul(shape, tile, a, b), reference.matmul(shape, null, a, b), 1e-5);
        assertTrue(device.lastSeconds() > 0, "kernel time recorded");
    }

    @Test
    void gemmWithTheDefaultTileAtSizesNotMultiplesOfIt() {
        check(MatmulShape.gemm(67, 131, 45), null);
    }

    @Test
    void gemmWithAScheduleTileOfOddVectorWidths() {
        check(MatmulShape.gemm(50, 37, 600), new GemmTile(12, 20, 8));
        check(MatmulShape.gemm(9, 11, 3), new GemmTile(3, 5, 1));
    }

    @Test
    void decodeShapedGemmReadsTheWeightUnpacked() {
        check(MatmulShape.gemm(1, 77, 40), null);
        check(MatmulShape.gemm(3, 141, 40), new GemmTile(8, 16, 16));
    }

    @Test
    void batchedMatmul() {
        check(new MatmulShape(3, 37, 29, 50), new GemmTile(16, 32, 16));
    }

    @Test
    void tileBeyondTheWorkGroupLimitIsAUserError() {
        long limit = device.device().maxWorkGroupSize();
        // one column per work-item (n odd) and one row (m odd): m*n work-items
        GemmTile tile = new GemmTile(limit + 1, 1, 1);
        WeftInputException e = assertThrows(WeftInputException.class, () -> device.matmul(MatmulShape.gemm(4, 4, 4),
                tile, random.floats(16), random.floats(16)));
        assertTrue(e.getMessage().contains("exceeds the device's limit"), e.getMessage());
    }

    @Test
    void mismatchedOperandsAreAUserError() {
        WeftInputException e = assertThrows(WeftInputException.class, () -> device.matmul(MatmulShape.gemm(4, 5, 6),
                null, random.floats(24), random.floats(31)));
        assertTrue(e.getMessage().contains("the shape needs 30"), e.getMessage());
    }
}
