package dev.weft.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.cost.ArrayCostModel;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.GemmTile;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.GraphBuilder;
import dev.weft.workload.zoo.ModelZoo;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapperTest {

    /** A linear layer, an attention product and two convolutions: every GEMM-view shape we lower. */
    static List<Operator> operators(DType dtype) {
        GraphBuilder g = new GraphBuilder(dtype, StorageFormat.DENSE);
        g.linear("fc", "b", "x", 197, 768, 3072, true);
        g.batchedMatmul("scores", "attention.qk", "b", "q", "k", 2, 12, 197, 197, 64, new Compute.Mac(dtype));
        g.conv2d("patch", "b", "pixel_values", 1, 3, 64, 224, 224, 7, 4, 3, true);
        g.depthwiseConv2d("dw", "b", "x", 1, 256, 56, 56, 3, 1, 1, true);
        return g.operators();
    }

    @Test
    void everyChosenTileFitsTheBufferAndTheLoopsCoverTheOperator() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Mapper mapper = new Mapper(arch, 7, Mapper.DEFAULT_BUDGET);
        for (Operator op : operators(DType.INT8)) {
            MappedOperator mapped = mapper.map(op);
            OperatorSchedule s = mapped.schedule();
            GemmView view = GemmView.of(op);
            // the GEMM view is a regrouping: its extents multiply out to the iteration space
            assertEquals(op.points(), s.batch() * s.problem().m() * s.problem().n() * s.problem().k(), op.name());
            assertTrue(ArrayCostModel.footprintBytes(view, s.bufferTile()) <= arch.onChipLevels().get(0).sizeBytes(),
                    op.name() + " tile overflows the buffer");
            for (char dim : new char[] {'m', 'n', 'k'}) {
                long tile = s.bufferTile().get(dim);
                long whole = s.problem().get(dim);
                long count = s.bufferTile().count(s.problem(), dim);
                assertTrue(tile >= 1 && tile <= whole, op.name() + " tile " + dim);
                // the loop bound times the tile covers the dimension, and no loop iteration is empty
                assertTrue(count * tile >= whole && (count - 1) * tile < whole, op.name() + " loop " + dim);
            }
            assertTrue(mapped.cost().cycles() >= mapped.cost().computeCycles());
        }
    }

    @Test
    void convolutionsBecomeTheirIm2colGemm() {
        GemmView patch = GemmView.of(operators(DType.INT8).get(2));
        // output 56x56 pixels, 64 filters, reduction over 3 channels x 7 x 7 taps
        assertEquals(new GemmTile(56 * 56, 64, 3 * 49), patch.problem());
        GemmView dw = GemmView.of(operators(DType.INT8).get(3));
        // depthwise: each of the 256 channels is its own GEMM with one output column
        assertEquals(256, dw.batch());
        assertEquals(new GemmTile(56 * 56, 1, 9), dw.problem());
    }

    @Test
    void searchIsDeterministicForASeed() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Operator fc = operators(DType.INT8).get(0);
        // a budget far below the space forces sampling, where the seed matters
        OperatorSchedule first = new Mapper(arch, 42, 50).map(fc).schedule();
        OperatorSchedule again = new Mapper(arch, 42, 50).map(fc).schedule();
        assertEquals(first, again);
        boolean anyDiffers = false;
        for (long seed = 0; seed < 8 && !anyDiffers; seed++) {
            anyDiffers = !new Mapper(arch, seed, 50).map(fc).schedule().equals(first);
        }
        assertTrue(anyDiffers, "the seed should steer a sampled search");
    }

    @Test
    void exhaustiveSearchIsNoWorseThanSampled() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        Operator fc = operators(DType.INT8).get(0);
        var sampled = new Mapper(arch, 3, 50).map(fc).cost();
        var exhaustive = new Mapper(arch, 3, Integer.MAX_VALUE).map(fc).cost();
        assertTrue(exhaustive.cycles() <= sampled.cycles() || exhaustive.computeCycles() <= sampled.computeCycles());
    }

    @Test
    void aBufferTooSmallForAnyTileIsRejectedWithTheReason() {
        Architecture tiny = TestArchitectures.array4x4("ws", yaml -> yaml.replace("size_kib: 64", "size_bytes: 8"));
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> new Mapper(tiny, 1, 100).map(operators(DType.INT8).get(0)));
        assertTrue(e.getMessage().contains("GLB") && e.getMessage().contains("cannot hold any tile"), e.getMessage());
    }

    @Test
    void aDtypeTheArrayCannotRunIsRejected() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        WeftInputException e = assertThrows(WeftInputException.class,
                () -> new Mapper(arch, 1, 100).map(operators(DType.FP32).get(0)));
        assertTrue(e.getMessage().contains("fp32") && e.getMessage().contains("--dtype int8"), e.getMessage());
    }

    @Test
    void binaryAccumulationRunsBitSeriallyOnTheXnorArray() {
        Architecture edge = ArchitectureLoader.preset("edge-xnor-int8");
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.batchedMatmul("code_kv", "ecoformer.kv", "b", "codes", "v", 1, 1, 16, 64, 3136,
                new Compute.BinaryAccumulate(DType.INT8));
        MappedOperator mapped = new Mapper(edge, 1, Mapper.DEFAULT_BUDGET).map(g.operators().get(0));
        assertEquals("xnor", mapped.schedule().unit());
        // 3136 keys pack into 49 words of 64 bits; int8 values take 8 bit planes: 16 x 64 x 49 x 8 word actions
        assertEquals(16.0 * 64 * 49 * 8, mapped.cost().unitOps(), 1e-9);
    }

    /**
     * Guards the default element type of a machine whose first array is an XNOR-popcount one
     * beside an int8 MAC array: it is the MAC array's int8, so GPT-2's first QKV projection
     * (768 x 2304 weights) moves at least its int8 weights from DRAM. With binary as the default
     * it moved 270,336 bytes where the weights alone are 1,769,472.
     */
    @Test
    void anXnorArrayBesideAMacArrayLeavesTheDefaultTypeTheMacArrays() {
        Architecture edge = ArchitectureLoader.preset("edge-xnor-int8");
        assertEquals(DType.INT8, edge.nativeDtype());
        WorkloadSpec spec = new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE,
                edge.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Operator qkv = ModelZoo.build("gpt2", spec).operators().stream()
                .filter(op -> op.name().equals("layers0.attn.qkv")).findFirst().orElseThrow();
        MappedOperator mapped = new Mapper(edge, 1, Mapper.DEFAULT_BUDGET).map(qkv);
        assertEquals("mac", mapped.schedule().unit());
        assertTrue(mapped.cost().traffic().get("DRAM").readBytes() >= 768.0 * 2304,
                "DRAM reads " + mapped.cost().traffic().get("DRAM").readBytes());
    }
}
