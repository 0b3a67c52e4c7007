package dev.weft.sim.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft's {@code --timing scalesim} against reports SCALE-Sim v2.0.2 itself wrote (see
 * {@code scalesim-golden/SOURCE.md}): every case's three reports must match whole, byte for byte.
 * {@code -Dscalesim.golden=DIR} runs the cases of another directory laid out the same way.
 */
class ScaleSimGoldenTest {
    static final List<String> REPORTS = List.of("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv",
            "DETAILED_ACCESS_REPORT.csv");

    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> reportsMatchScaleSimWhole() throws IOException, URISyntaxException {
        String other = System.getProperty("scalesim.golden");
        Path root = other != null ? Path.of(other)
                : Path.of(ScaleSimGoldenTest.class.getResource("/scalesim-golden").toURI());
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.exists(d.resolve("COMPUTE_REPORT.csv"))).sorted().forEach(cases::add);
        }
        assertTrue(other != null || cases.size() >= 30, "golden cases missing under " + root);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            ScaleSimConfig config = ScaleSimConfig.read(dir.resolve("scale.cfg"));
            boolean gemm = !dir.getFileName().toString().startsWith("conv");
            List<Layer> layers = Topology.read(dir.resolve("topology.csv"), gemm);
            for (Layer layer : layers) {
                // the command line's size limit must refuse none of SCALE-Sim's own runs
                assertTrue(ScaleSimRun.refills(config, layer) <= ScaleSimRun.MAX_REFILLS, layer.name());
            }
            Path written = ScaleSimReports.write(ScaleSimRun.scalesim(config, layers),
                    out.resolve(dir.getFileName().toString()));
            for (String report : REPORTS) {
                assertEquals(Files.readString(dir.resolve(report)), Files.readString(written.resolve(report)),
                        dir.getFileName() + "/" + report);
            }
        }));
    }
}
