package dev.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import org.junit.jupiter.api.Test;

class PeKindTest {

    @Test
    void integerMacTakesNarrowerIntegers() {
        PeKind int8 = new PeKind.Mac(DType.INT8);
        assertTrue(int8.canExecute(DType.INT8));
        assertTrue(int8.canExecute(DType.INT4));
        assertTrue(int8.canExecute(DType.BINARY), "+1/-1 codes sign-extend onto an integer MAC");
        assertFalse(int8.canExecute(DType.INT32));
        assertFalse(int8.canExecute(DType.FP4), "a float never runs on an integer MAC");
    }

    @Test
    void floatMacNeedsTheExactFormat() {
        PeKind fp16 = new PeKind.Mac(DType.FP16);
        assertTrue(fp16.canExecute(DType.FP16));
        assertFalse(fp16.canExecute(DType.BF16));
        assertFalse(fp16.canExecute(DType.FP4));
        assertFalse(fp16.canExecute(DType.INT8));
        assertFalse(new PeKind.Mac(DType.FP32).canExecute(DType.FP16));
    }

    @Test
    void xnorRunsOnlyBinary() {
        PeKind xnor = new PeKind.XnorPopcount(64);
        assertEquals(DType.BINARY, xnor.dtype());
        assertEquals(PeKind.Kind.XNOR_POPCOUNT, xnor.kind());
        assertTrue(xnor.canExecute(DType.BINARY));
        assertFalse(xnor.canExecute(DType.INT4));
    }

    @Test
    void sparseFollowsTheMacRule() {
        PeKind sparse = new PeKind.SparseNM(DType.INT8, 2, 4);
        assertEquals(PeKind.Kind.SPARSE_NM, sparse.kind());
        assertTrue(sparse.canExecute(DType.INT4));
        assertFalse(sparse.canExecute(DType.FP16));
        assertEquals("int8 2:4 sparse MAC", sparse.label());
    }

    @Test
    void constructorsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PeKind.Mac(DType.BINARY));
        assertThrows(IllegalArgumentException.class, () -> new PeKind.XnorPopcount(0));
        assertThrows(IllegalArgumentException.class, () -> new PeKind.SparseNM(DType.INT8, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new PeKind.SparseNM(DType.INT8, 0, 4));
    }

    @Test
    void kindAndDataflowParseTheirFileSpellings() {
        assertEquals(PeKind.Kind.XNOR_POPCOUNT, PeKind.Kind.parse("xnor_popcount", "f", "pe.kind"));
        assertEquals(Dataflow.IS, Dataflow.parse(" IS ", "f", "dataflow"));
        assertEquals("ws", Dataflow.WS.label());
        WeftInputException e = assertThrows(WeftInputException.class, () -> Dataflow.parse("rs", "f.yaml", "dataflow"));
        assertEquals("f.yaml: dataflow: unknown dataflow 'rs' (fix: use one of ws, os, is)", e.getMessage());
    }
}
