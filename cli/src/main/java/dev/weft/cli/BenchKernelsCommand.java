package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionShape;
import dev.weft.kernels.bench.BenchRow;
import dev.weft.kernels.bench.KernelBench;
import dev.weft.kernels.opencl.OpenClExecutor;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.results.SpmmPoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "kernels", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the OpenCL kernels on a device, printed as tables with units:",
                "  GEMM: fp32 n x n x n GFLOP/s on the device, on the Java reference and with NumPy's OpenBLAS "
                        + "sgemm (when python3 -c 'import numpy' works), and the device's share of it;",
                "  SpMM: CSR at each density and 2:4, against dense GEMM of the same shape (effective GFLOP/s "
                        + "count the non-zeros' work only);",
                "  attention: fused (online softmax) against unfused softmax, linear, and EcoFormer on binary codes, "
                        + "in query-key pairs per second.",
                "Each figure is the median of --runs runs after a warm-up run (PoCL compiles a kernel on first "
                        + "use); device times are the OpenCL profiling times of the kernels, without host copies."})
final class BenchKernelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "opencl:0", paramLabel = "opencl:N",
            description = "OpenCL device (see ./weft devices; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--sizes", split = ",", paramLabel = "N[,N...]",
            description = "GEMM sizes n (default: 256,512,1024,2048).")
    List<Integer> sizes;

    @Option(names = "--reference-up-to", defaultValue = "2048", paramLabel = "N",
            description = "Largest n also timed on the Java reference (default: ${DEFAULT-VALUE}).")
    int referenceUpTo;

    @Option(names = "--tokens", defaultValue = "512",
            description = "Tokens (queries = keys) of the attention rows, 12 heads of 64 (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per row; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--no-numpy", description = "Skip the NumPy/OpenBLAS baseline.")
    boolean noNumpy;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as a JSON list.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write DIR/spmm.json (the measured SpMM rows), spmm.csv and report.html.")
    Path outDir;

    @Override
    public Integer call() {
        WorkloadOptions.positive("--tokens", tokens);
        WorkloadOptions.positive("--reference-up-to", referenceUpTo);
        if (json != null) {
            JsonFile.checkWritable(json);
        }
        KernelBench.Options defaults = KernelBench.Options.defaults();
        KernelBench.Options options = new KernelBench.Options(sizes == null ? defaults.gemmSizes() : sizes,
                referenceUpTo, defaults.spmm(), defaults.densities(), new AttentionShape(12, tokens, tokens, 64, false),
                defaults.bits(), runs, !noNumpy);
        PrintWriter out = spec.commandLine().getOut();
        List<BenchRow> rows = new ArrayList<>();
        try (OpenClExecutor executor = OpenClExecutor.open(device)) {
            out.println("device: " + executor.name());
            out.flush();
            KernelBench.run(executor, options, row -> {
                print(out, row, rows);
                rows.add(row);
            });
        }
        printBlasShare(out, rows);
        out.flush();
        if (json != null) {
            JsonFile.write(json, rows);
        }
        if (outDir != null) {
            List<SpmmPoint> spmm = spmmPoints(rows);
            if (spmm.isEmpty()) {
                throw new WeftInputException("--out", null, "the benchmark measured no SpMM rows", "drop --out");
            }
            Path written = ReportFiles.addTo(new OutputDirectory(outDir), new ReportData(null, List.of(), null, spmm))
                    .commit();
            out.println("wrote " + written.resolve(ReportFiles.SPMM) + ", spmm.csv, report.html");
            out.flush();
        }
        return 0;
    }

    /** The measured SpMM rows in the report's form: effective and dense multiply-accumulates per second. */
    static List<SpmmPoint> spmmPoints(List<BenchRow> rows) {
        return rows.stream().filter(BenchRow.Spmm.class::isInstance).map(BenchRow.Spmm.class::cast)
                .map(s -> new SpmmPoint(s.format(), s.density(), "measured", s.device(), s.m(), s.k(), s.n(),
                        s.effectiveGflops() / 2, (double) s.m() * s.k() * s.n() / s.denseSeconds() / 1e9))
                .toList();
    }

    private static final String GEMM = "%-6s %-48s %12s %10s%n";
    private static final String SPMM = "%-6s %8s %12s %12s %10s %14s%n";
    private static final String ATTENTION = "%-18s %6s %12s %14s%n";

    private static void print(PrintWriter out, BenchRow row, List<BenchRow> before) {
        boolean first = before.stream().noneMatch(r -> r.getClass() == row.getClass());
        if (row instanceof BenchRow.Gemm g) {
            if (first) {
                out.printf(Locale.ROOT, "%nGEMM fp32, n x n x n%n" + GEMM, "n", "device", "time [ms]", "GFLOP/s");
            }
            out.printf(Locale.ROOT, GEMM, g.n(), g.device(), ms(g.seconds()), fixed(g.gflops(), 1));
        } else if (row instanceof BenchRow.Spmm s) {
            if (first) {
                out.printf(Locale.ROOT, "%nSpMM: sparse %d x %d weight times %d x %d dense, on the device%n" + SPMM,
                        s.m(), s.k(), s.k(), s.n(), "format", "density", "time [ms]", "dense [ms]", "speedup",
                        "eff. GFLOP/s");
            }
            out.printf(Locale.ROOT, SPMM, s.format(), fixed(s.density(), 2), ms(s.seconds()), ms(s.denseSeconds()),
                    fixed(s.speedup(), 2) + "x", fixed(s.effectiveGflops(), 1));
        } else if (row instanceof BenchRow.Attention a) {
            if (first) {
                out.printf(Locale.ROOT, "%nAttention: %d heads, %d queries x %d keys, head size %d, on the device%n"
                        + ATTENTION, a.heads(), a.tokens(), a.tokens(), a.headDim(), "variant", "bits", "time [ms]",
                        "pairs/s [M]");
            }
            out.printf(Locale.ROOT, ATTENTION, a.variant(), a.bits() == 0 ? "-" : Integer.toString(a.bits()),
                    ms(a.seconds()), fixed(a.pairsPerS() / 1e6, 1));
        }
        out.flush();
    }

    /** The device's GEMM rate as a share of the BLAS yardstick, per size, when both were measured. */
    private static void printBlasShare(PrintWriter out, List<BenchRow> rows) {
        Map<Integer, Double> blas = new HashMap<>();
        rows.stream().filter(r -> r instanceof BenchRow.Gemm g && g.device().startsWith("numpy"))
                .forEach(r -> blas.put(((BenchRow.Gemm) r).n(), ((BenchRow.Gemm) r).gflops()));
        if (blas.isEmpty()) {
            out.println("\nNumPy baseline not measured (python3 with numpy not found, or --no-numpy).");
            return;
        }
        List<String> shares = new ArrayList<>();
        rows.stream().filter(r -> r instanceof BenchRow.Gemm g && g.device().startsWith("opencl")
                && blas.containsKey(g.n())).forEach(r -> {
                    BenchRow.Gemm g = (BenchRow.Gemm) r;
                    shares.add(String.format(Locale.ROOT, "n=%d %.0f%%", g.n(), 100 * g.gflops() / blas.get(g.n())));
                });
        out.println("\nOpenCL GEMM as a share of OpenBLAS sgemm: " + String.join(", ", shares));
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds * 1e3);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
