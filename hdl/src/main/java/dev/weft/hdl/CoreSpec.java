package dev.weft.hdl;

import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.arch.PeKind;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.chisel.Generators;
import dev.weft.workload.DType;

/** Parameters of one generated core: what the Chisel generators are called with. */
public sealed interface CoreSpec permits CoreSpec.MacArray, CoreSpec.XnorUnit, CoreSpec.SparseArray {
    /** Beyond this, elaboration and the generated netlist grow past anything the flows here handle well. */
    int MAX_SIDE = 128;

    /** Name of the generated top module. */
    String topModule();

    /** One line for listings, e.g. {@code 4x4 int8 MAC array, os}. */
    String summary();

    /** Processing elements (for the XNOR unit: the one unit). */
    int pes();

    /** Elaborates the generator (Chisel), returning CHIRRTL. */
    String chirrtl();

    /** Name of the board self-test module that wraps this core. */
    String selfTestModule();

    /** Elaborates the core inside its LFSR self-test (Chisel), returning CHIRRTL. */
    String selfTestChirrtl();

    /**
     * Dense int8 MAC array with int32 accumulators, output or weight stationary; a weight-stationary
     * one may double-buffer its weights (shadow registers and a swap, dev.weft.arch.SystolicTiming).
     */
    record MacArray(int rows, int cols, Dataflow dataflow, boolean weightDoubleBuffering) implements CoreSpec {
        public MacArray {
            checkSide(rows, cols, "array");
            if (dataflow == Dataflow.IS) {
                throw new WeftInputException("--dataflow", null, "the RTL generator builds os and ws arrays, not is",
                        "use --dataflow os or ws (is is ws with inputs and weights swapped)");
            }
            if (weightDoubleBuffering && dataflow != Dataflow.WS) {
                throw new WeftInputException("--weight-double-buffering", null, "applies to a weight-stationary array, "
                        + "not " + dataflow.label(), "use --dataflow ws, or drop --weight-double-buffering");
            }
        }

        public MacArray(int rows, int cols, Dataflow dataflow) {
            this(rows, cols, dataflow, false);
        }

        @Override
        public String topModule() {
            return (dataflow == Dataflow.OS ? "WeftOsArray" : weightDoubleBuffering ? "WeftWsDbArray" : "WeftWsArray")
                    + rows + "x" + cols;
        }

        @Override
        public String summary() {
            return rows + "x" + cols + " int8 MAC array, " + dataflow.label()
                    + (weightDoubleBuffering ? ", double-buffered weights" : "");
        }

        @Override
        public int pes() {
            return rows * cols;
        }

        @Override
        public String chirrtl() {
            return dataflow == Dataflow.OS ? Generators.osArray(rows, cols)
                    : Generators.wsArray(rows, cols, weightDoubleBuffering);
        }

        @Override
        public String selfTestModule() {
            requireSingleBuffered();
            return "WeftSelfTest" + (dataflow == Dataflow.OS ? "Os" : "Ws") + rows + "x" + cols;
        }

        @Override
        public String selfTestChirrtl() {
            requireSingleBuffered();
            return Generators.arraySelfTest(rows, cols, dataflow == Dataflow.OS);
        }

        private void requireSingleBuffered() {
            if (weightDoubleBuffering) {
                throw new WeftInputException("fpga", null, "the board self-test drives arrays that load weights between "
                        + "folds, not double-buffered ones", "use ./weft rtl or rtl-check for the double-buffered array");
            }
        }
    }

    /** XNOR-popcount unit over {@code width}-bit binary codes. */
    record XnorUnit(int width) implements CoreSpec {
        public XnorUnit {
            if (width <= 0 || width % 8 != 0 || width > 4096) {
                throw new WeftInputException("--width", null, "XNOR-popcount width must be a multiple of 8 in 8..4096, was "
                        + width, "use a code width such as 32, 64 or 128 bits");
            }
        }

        @Override
        public String topModule() {
            return "WeftXnorPopcount" + width;
        }

        @Override
        public String summary() {
            return width + "-bit XNOR-popcount unit";
        }

        @Override
        public int pes() {
            return 1;
        }

        @Override
        public String chirrtl() {
            return Generators.xnorPopcount(width);
        }

        @Override
        public String selfTestModule() {
            return "WeftSelfTestXnor" + width;
        }

        @Override
        public String selfTestChirrtl() {
            return Generators.xnorSelfTest(width);
        }
    }

    /** Weight-stationary int8 array with 2:4 structured-sparse weights. */
    record SparseArray(int rows, int cols) implements CoreSpec {
        public SparseArray {
            checkSide(rows, cols, "sparse array");
        }

        @Override
        public String topModule() {
            return "WeftSparse24Array" + rows + "x" + cols;
        }

        @Override
        public String summary() {
            return rows + "x" + cols + " int8 2:4 sparse MAC array, ws";
        }

        @Override
        public int pes() {
            return rows * cols;
        }

        @Override
        public String chirrtl() {
            return Generators.sparse24Array(rows, cols);
        }

        @Override
        public String selfTestModule() {
            throw noSelfTest();
        }

        @Override
        public String selfTestChirrtl() {
            throw noSelfTest();
        }

        private WeftInputException noSelfTest() {
            return new WeftInputException("fpga", null, "the board flow builds dense MAC arrays and XNOR units, "
                    + "not the 2:4 sparse array", "use ./weft rtl for its SystemVerilog, or pick another array");
        }
    }

    /** The generator for one compute array of an architecture file. */
    static CoreSpec of(ComputeArray array, String source) {
        String field = "compute.arrays." + array.name();
        PeKind pe = array.pe();
        return switch (pe.kind()) {
            case MAC -> {
                requireInt8(pe.dtype(), source, field);
                if (array.dataflow() == Dataflow.IS) {
                    throw new WeftInputException(source, field + ".dataflow", "the RTL generator builds os and ws arrays, not is",
                            "use dataflow: os or ws");
                }
                yield new MacArray(array.rows(), array.cols(), array.dataflow(), array.weightDoubleBuffering());
            }
            case XNOR_POPCOUNT -> {
                int width = ((PeKind.XnorPopcount) pe).wordBits();
                if (width % 8 != 0) {
                    throw new WeftInputException(source, field + ".pe.word_bits", "XNOR-popcount width must be a multiple of 8, was "
                            + width, "use word_bits: 32, 64 or 128");
                }
                yield new XnorUnit(width);
            }
            case SPARSE_NM -> {
                PeKind.SparseNM sparse = (PeKind.SparseNM) pe;
                requireInt8(sparse.dtype(), source, field);
                if (array.weightDoubleBuffering()) {
                    throw new WeftInputException(source, field + ".weight_double_buffering", "the sparse generator "
                            + "loads weights between folds", "remove weight_double_buffering to generate its RTL");
                }
                if (sparse.n() != 2 || sparse.m() != 4) {
                    throw new WeftInputException(source, field + ".pe", "the sparse generator is 2:4, not "
                            + sparse.n() + ":" + sparse.m(), "use n: 2, m: 4");
                }
                yield new SparseArray(array.rows(), array.cols());
            }
        };
    }

    private static void requireInt8(DType dtype, String source, String field) {
        if (dtype != DType.INT8) {
            throw new WeftInputException(source, field + ".pe.dtype", "the RTL generators build int8 PEs, not "
                    + dtype.label(), "use dtype: int8");
        }
    }

    private static void checkSide(int rows, int cols, String what) {
        if (rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new WeftInputException("--array", null, what + " must be 1.." + MAX_SIDE + " on each side, was "
                    + rows + "x" + cols, "choose a smaller array, e.g. 16x16");
        }
    }
}
