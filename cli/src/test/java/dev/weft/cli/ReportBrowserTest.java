package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.kernels.opencl.OpenCl;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads each kind of report in a real headless Chromium and checks what the page says it drew
 * (the page's own self-check, written to {@code <body data-charts data-errors>}): every
 * expected chart is present and non-empty, no two text labels of a chart overlap, and the
 * page raised no script error. Screenshots land in {@code target/report-screenshots/}.
 */
class ReportBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static final Pattern CHARTS = Pattern.compile("data-charts=\"([^\"]*)\"");
    private static final Pattern ERRORS = Pattern.compile("data-errors=\"([^\"]*)\"");
    private static Optional<String> chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .filter(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator))
                        .anyMatch(p -> Files.isExecutable(Path.of(p, name))))
                .findFirst();
    }

    @Test
    void demoPageDrawsLayerBreakdownRooflineAndSweepCharts() throws Exception {
        Path out = dir.resolve("demo");
        assertEquals(0, CliRun.of("demo", "--out", out.toString()).status());
        check(out.resolve("report.html"), "demo", "chart-latency", "chart-energy", "chart-breakdown",
                "chart-breakdown-total", "chart-roofline", "chart-sweep-energy", "chart-sweep-latency", "chart-spmm");
    }

    @Test
    void simulatedRunShowsEstimateBesideSimulation() throws Exception {
        Path out = dir.resolve("simulate");
        assertEquals(0, CliRun.of("simulate", "--model", "bert-tiny", "--out", out.toString()).status());
        check(out.resolve("report.html"), "simulate", "chart-latency", "chart-validation", "chart-roofline");
    }

    @Test
    void executedRunShowsMeasuredBesideEstimate() throws Exception {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "no OpenCL runtime: " + OpenCl.unavailableReason().orElse(""));
        Path out = dir.resolve("run");
        assertEquals(0, CliRun.of("run", "--model", "bert-tiny", "--seq", "32", "--runs", "1", "--out",
                out.toString()).status());
        check(out.resolve("report.html"), "run", "chart-latency", "chart-validation");
    }

    @Test
    void measuredSpmmPageDrawsThroughputAgainstDensity() throws Exception {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "no OpenCL runtime: " + OpenCl.unavailableReason().orElse(""));
        Path out = dir.resolve("bench");
        assertEquals(0, CliRun.of("bench", "kernels", "--sizes", "64", "--reference-up-to", "64", "--tokens", "32",
                "--runs", "1", "--no-numpy", "--out", out.toString()).status());
        check(out.resolve("report.html"), "bench-kernels-spmm", "chart-spmm");
    }

    @Test
    void pageOfA32LayerModelStaysReadable() throws Exception {
        Path out = dir.resolve("llama");
        assertEquals(0, CliRun.of("estimate", "--model", "llama-2-7b", "--phase", "decode", "--kv", "2048",
                "--hw", "systolic-128x128-int8", "--out", out.toString()).status());
        check(out.resolve("report.html"), "llama-2-7b-decode", "chart-latency", "chart-energy", "chart-breakdown",
                "chart-roofline");
    }

    @Test
    void comparisonAndSweepPagesDrawTheirCharts() throws Exception {
        Path compare = dir.resolve("compare");
        assertEquals(0, CliRun.of("compare", "--model", "pvtv2-b0", "--attention", "softmax,ecoformer", "--energy",
                "ops-45nm", "--out", compare.toString()).status());
        check(compare.resolve("report.html"), "compare", "chart-compare");
        Path sweep = dir.resolve("sweep");
        assertEquals(0, CliRun.of("sweep-seq", "--model", "gpt2", "--seq", "128,256,...,1024", "--out",
                sweep.toString()).status());
        check(sweep.resolve("report.html"), "sweep", "chart-sweep-energy", "chart-sweep-latency");
    }

    @Test
    void explorePageDrawsParetoScattersAndParallelCoordinates() throws Exception {
        Path spec = dir.resolve("sweep.yaml");
        Files.writeString(spec, """
                format: weft-explore/1
                base: systolic-32x32-int8
                parameters:
                  - {name: buffer_kib, path: memories.GLB.size_kib, values: [64, 128, 256]}
                  - {name: dataflow, path: array.systolic, values: [ws, os]}
                workloads:
                  - {model: bert-tiny, seq: 32}
                objectives: [energy_per_token, latency]
                mapper: {seed: 1, search_budget: 64}
                """);
        Path out = dir.resolve("explore");
        CliRun run = CliRun.of("explore", spec.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        check(out.resolve("report.html"), "explore", "chart-pareto-0", "chart-parallel");
    }

    @Test
    void reRenderingADirectoryGivesTheSamePage() throws Exception {
        Path out = dir.resolve("demo");
        assertEquals(0, CliRun.of("demo", "--out", out.toString()).status());
        String first = Files.readString(out.resolve("report.html"));
        Files.delete(out.resolve("report.html"));
        assertEquals(0, CliRun.of("report", "--from", out.toString()).status());
        assertEquals(first, Files.readString(out.resolve("report.html")));
    }

    private void check(Path page, String name, String... expectedCharts) throws Exception {
        assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium); browser checks skipped");
        Files.createDirectories(SCREENSHOTS);
        Browser dom = browse(page, "--dump-dom");
        Matcher charts = CHARTS.matcher(dom.stdout());
        assertTrue(charts.find(), name + ": the page never finished drawing (no data-charts); stderr:\n" + dom.stderr());
        JsonNode drawn = new ObjectMapper().readTree(unescape(charts.group(1)));
        for (String chart : expectedCharts) {
            JsonNode figures = drawn.get(chart);
            assertTrue(figures != null, name + ": chart " + chart + " missing; drawn: " + drawn);
            assertTrue(figures.get("elements").asInt() > 5, name + ": chart " + chart + " is empty: " + figures);
            assertEquals(0, figures.get("overlaps").asInt(), name + ": labels overlap in " + chart + ": " + figures);
        }
        Matcher errors = ERRORS.matcher(dom.stdout());
        assertTrue(errors.find());
        assertEquals("[]", unescape(errors.group(1)), name + ": script errors");
        assertFalse(dom.stderr().contains("Uncaught"), name + ": console error:\n" + dom.stderr());
        browse(page, "--screenshot=" + SCREENSHOTS.resolve(name + ".png").toAbsolutePath());
    }

    private record Browser(String stdout, String stderr) {
    }

    private Browser browse(Path page, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.orElseThrow(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=10000", "--window-size=1280,2400", action));
        command.add(page.toUri().toString());
        Path stdout = dir.resolve("chromium.out");
        Path stderr = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium did not finish: " + Arrays.toString(command.toArray()));
        return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
