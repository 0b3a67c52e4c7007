package dev.weft.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Dataflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The board self-tests in Verilator: the hardware must reach `pass`, which holds only when the
 * first fold's outputs agree with the Scala model's signature. Small cores keep the builds short.
 */
class SelfTestSimTest {
    static Stream<CoreSpec> cores() {
        return Stream.of(new CoreSpec.MacArray(2, 3, Dataflow.OS), new CoreSpec.MacArray(3, 2, Dataflow.WS),
                new CoreSpec.XnorUnit(40));
    }

    @ParameterizedTest
    @MethodSource("cores")
    void selfTestPassesInSimulation(CoreSpec spec, @TempDir Path dir) throws Exception {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        VerilatorBuild.Bench bench = VerilatorBuild.bench(Rtl.selfTest(spec), bench(spec.selfTestModule()));
        ExternalTool.Run run = ExternalTool.run(List.of(bench.executable().toString()), dir, dir.resolve("run.log"), 60);
        assertEquals("pass", run.output().strip(), spec.summary());
    }

    private static String bench(String top) {
        return """
                #include <cstdio>
                #include "verilated.h"
                #include "V@TOP@.h"
                int main() {
                  VerilatedContext ctx;
                  V@TOP@ top{&ctx};
                  top.reset = 1;
                  for (int cycle = 0; cycle < 2000; cycle++) {
                    if (cycle == 4) top.reset = 0;
                    top.clock = 0; top.eval();
                    top.clock = 1; top.eval();
                    if (top.io_pass) { printf("pass\\n"); return 0; }
                    if (top.io_fail) { printf("fail\\n"); return 0; }
                  }
                  printf("no result after 2000 cycles\\n");
                  return 0;
                }
                """.replace("@TOP@", top);
    }
}
