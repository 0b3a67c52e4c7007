package dev.weft.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Dataflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generator, at a few parameter sets, elaborates and passes {@code verilator --lint-only -Wall}. */
class LintTest {
    static Stream<CoreSpec> designs() {
        return Stream.of(new CoreSpec.MacArray(4, 4, Dataflow.OS), new CoreSpec.MacArray(3, 5, Dataflow.OS),
                new CoreSpec.MacArray(4, 4, Dataflow.WS), new CoreSpec.MacArray(1, 7, Dataflow.WS),
                new CoreSpec.MacArray(4, 4, Dataflow.WS, true), new CoreSpec.MacArray(1, 7, Dataflow.WS, true),
                new CoreSpec.XnorUnit(64), new CoreSpec.XnorUnit(8), new CoreSpec.SparseArray(4, 4),
                new CoreSpec.SparseArray(2, 3));
    }

    @ParameterizedTest
    @MethodSource("designs")
    void generatedVerilogLintsClean(CoreSpec spec, @TempDir Path dir) throws Exception {
        Rtl rtl = Rtl.generate(spec);
        assertTrue(rtl.systemVerilog().contains("module " + spec.topModule() + "("), "top module is named");
        Assumptions.assumeTrue(ExternalTool.VERILATOR.installed(), "verilator is not installed (apt-get install verilator)");
        Path file = dir.resolve(rtl.fileName());
        Files.writeString(file, rtl.systemVerilog());
        ExternalTool.Run run = ExternalTool.run(List.of("verilator", "--lint-only", "-Wall", "--top-module",
                spec.topModule(), file.toString()), dir, dir.resolve("lint.log"), 120);
        assertEquals(0, run.exitCode(), run.output());
    }
}
