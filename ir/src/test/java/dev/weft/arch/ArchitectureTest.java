package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.workload.DType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final StorageLevel DRAM =
            new StorageLevel("DRAM", StorageKind.DRAM, Long.MAX_VALUE, false, 64, 16, 1300, 1300);
    private static final StorageLevel GLB =
            new StorageLevel("GLB", StorageKind.SRAM, 65536, false, 64, 32, 24, 32);
    private static final StorageLevel REG =
            new StorageLevel("REG", StorageKind.REGISTER, 8, true, 4, 2, 0.02, 0.02);
    private static final ComputeArray MAC =
            new ComputeArray("mac", 4, 8, new PeKind.Mac(DType.INT8), Dataflow.WS, 0.3);
    private static final ComputeArray XNOR =
            new ComputeArray("xnor", 2, 2, new PeKind.XnorPopcount(64), Dataflow.OS, 0.3);
    private static final VectorUnit VECTOR = new VectorUnit(4, DType.FP16, 0.75, 6);

    private static Architecture of(List<StorageLevel> levels, List<ComputeArray> arrays) {
        return new Architecture("a", "", "test", 500e6, levels, arrays, VECTOR, "45nm",
                arrays.isEmpty() ? null : Hierarchy.fromV1(levels, arrays));
    }

    @Test
    void derivedViews() {
        Architecture arch = of(List.of(DRAM, GLB, REG), List.of(MAC, XNOR));
        assertEquals(DRAM, arch.dram());
        assertEquals(List.of(GLB, REG), arch.onChipLevels());
        assertEquals(XNOR, arch.arrayFor(PeKind.Kind.XNOR_POPCOUNT).orElseThrow());
        assertTrue(arch.arrayFor(PeKind.Kind.SPARSE_NM).isEmpty());
        assertEquals(0.5, arch.clockGhz(), 1e-12);
        assertEquals(2e-9, arch.cycleSeconds(), 1e-21);
        assertEquals(32, MAC.pes());
    }

    @Test
    void perByteEnergiesUseTheExactWordWidth() {
        // 24 pJ per 64-bit (8-byte) word is 3 pJ per byte; writes 32 / 8 = 4.
        assertEquals(3.0, GLB.readPjPerByte(), 1e-12);
        assertEquals(4.0, GLB.writePjPerByte(), 1e-12);
        assertEquals(8, GLB.wordBytes());
        // A 4-bit word: two reads per byte, but one access still moves a whole byte.
        assertEquals(0.04, REG.readPjPerByte(), 1e-12);
        assertEquals(1, REG.wordBytes());
    }

    @Test
    void listsAreCopied() {
        List<StorageLevel> levels = new ArrayList<>(List.of(DRAM, GLB));
        Architecture arch = of(levels, List.of(MAC));
        levels.add(REG);
        assertEquals(2, arch.levels().size());
        assertThrows(UnsupportedOperationException.class, () -> arch.levels().add(REG));
    }

    @Test
    void levelOrderIsEnforced() {
        assertThrows(IllegalArgumentException.class, () -> of(List.of(GLB, REG), List.of(MAC)));
        assertThrows(IllegalArgumentException.class, () -> of(List.of(DRAM), List.of(MAC)));
        assertThrows(IllegalArgumentException.class, () -> of(List.of(DRAM, GLB, DRAM), List.of(MAC)));
        assertThrows(IllegalArgumentException.class, () -> of(List.of(DRAM, REG, GLB), List.of(MAC)));
        assertThrows(IllegalArgumentException.class, () -> of(List.of(DRAM, GLB, GLB), List.of(MAC)));
    }

    @Test
    void arraysAreUnique() {
        assertThrows(IllegalArgumentException.class, () -> of(List.of(DRAM, GLB), List.of(MAC, MAC)));
    }

    @Test
    void recordsRejectImpossibleValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new StorageLevel("X", StorageKind.SRAM, 0, false, 64, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new StorageLevel("X", StorageKind.SRAM, 1, true, 64, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new StorageLevel("X", StorageKind.SRAM, 1, false, 64, 1, -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ComputeArray("m", 0, 4, new PeKind.Mac(DType.INT8), Dataflow.WS, 0.3));
        assertThrows(IllegalArgumentException.class,
                () -> new ComputeArray("m", 65536, 65536, new PeKind.Mac(DType.INT8), Dataflow.WS, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new VectorUnit(0, DType.FP16, 1, 1));
    }
}
