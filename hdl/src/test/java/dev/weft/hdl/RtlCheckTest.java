package dev.weft.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import dev.weft.arch.SystolicTiming;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated arrays in Verilator: bit-exact against the Java product and cycle-exact against
 * the cycle contract, on GEMMs that do not divide into the array (edge folds in every dimension).
 * Double-buffered weight-stationary arrays as well: on 2x1 a one-vector fold streams for exactly
 * the R cycles the next fold's weights take to load, so the last weight row and the swap share a
 * cycle; on 8x8 with M = 3 the load runs on into the drain. Each parameter set is compiled once
 * into the cache.
 */
class RtlCheckTest {
    @ParameterizedTest
    @CsvSource({"4,4,OS,false,16,37,16", "4,4,WS,false,16,37,16", "8,8,OS,false,20,9,13", "8,8,WS,false,20,9,13",
            "4,4,OS,false,1,1,1", "4,4,WS,false,5,3,2", "4,4,WS,true,16,37,16", "2,1,WS,true,1,5,3",
            "8,8,WS,true,3,20,13"})
    void arrayMatchesReferenceAndCycleContract(int rows, int cols, Dataflow dataflow, boolean doubleBuffered, long m,
                                               long k, long n) {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        RtlCheck.Result result = RtlCheck.run(new CoreSpec.MacArray(rows, cols, dataflow, doubleBuffered), m, k, n, 7);
        assertTrue(result.outputsMatch(), result.mismatches() + " outputs differ from the Java reference");
        SystolicTiming.Folds folds = SystolicTiming.folds(dataflow, rows, cols, m, n, k);
        // single-buffered: every fold 2R + C + T - 2; double-buffered: R once, then R + C + T - 2 a fold
        long contract = doubleBuffered ? rows + folds.count() * (rows + cols + m - 2)
                : folds.count() * (2L * rows + cols + folds.stream() - 2);
        assertEquals(contract, result.simCycles());
        assertEquals(result.simCycles(), result.rtlCycles(), "RTL cycles against the cycle contract");
        assertTrue(result.verilatorCyclesPerS() > 0);
    }
}
