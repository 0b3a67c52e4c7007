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
 * Four parameter sets in all, each compiled once into the cache.
 */
class RtlCheckTest {
    @ParameterizedTest
    @CsvSource({"4,4,OS,16,37,16", "4,4,WS,16,37,16", "8,8,OS,20,9,13", "8,8,WS,20,9,13", "4,4,OS,1,1,1",
            "4,4,WS,5,3,2"})
    void arrayMatchesReferenceAndCycleContract(int rows, int cols, Dataflow dataflow, long m, long k, long n) {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        RtlCheck.Result result = RtlCheck.run(new CoreSpec.MacArray(rows, cols, dataflow), m, k, n, 7);
        assertTrue(result.outputsMatch(), result.mismatches() + " outputs differ from the Java reference");
        assertEquals(SystolicTiming.tileCycles(dataflow, rows, cols, m, n, k), result.simCycles());
        assertEquals(result.simCycles(), result.rtlCycles(), "RTL cycles against the cycle contract");
        assertTrue(result.verilatorCyclesPerS() > 0);
    }
}
