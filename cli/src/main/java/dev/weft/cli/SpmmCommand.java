package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.error.WeftInputException;
import dev.weft.reports.OutputDirectory;
import dev.weft.reports.ReportData;
import dev.weft.reports.ReportFiles;
import dev.weft.results.SpmmPoint;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.model.ModelSimulator;
import dev.weft.sim.sparse.SpmmSweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "spmm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulated sparse-weight GEMM throughput per weight density: effective GMAC/s (useful MACs "
                + "at the hardware's clock), its ratio to the dense GEMM's GMAC/s, and the speed-up in time (dense cycles / sparse cycles).",
                "csr: 16-bit index per non-zero; the array skips reduction rows that are zero across a fold. "
                        + "2:4, 1:4: log2(M)-bit indices; a matching zero-skipping N:M array steps through N of every "
                        + "M reductions; a density above N/M cannot be stored and is marked n/a."})
final class SpmmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Largest GEMM simulated (M x K x N): about a 10,000-cube, seconds of simulation; larger would run for hours. */
    static final long MAX_MACS = 1L << 40;

    @Option(names = "--shape", required = true, paramLabel = "M,K,N", description = "[M x K] activations times [K x N] sparse weights.")
    String shape;

    @Option(names = "--density", defaultValue = "0.05,0.1,0.25,0.5,0.75,1",
            description = "Fractions of non-zero weights (default: ${DEFAULT-VALUE}).")
    String density;

    @Option(names = "--format", defaultValue = "csr", description = "csr, 2:4 or 1:4 (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--hw", defaultValue = WorkloadOptions.DEFAULT_HARDWARE, paramLabel = "PRESET|FILE",
            description = "Hardware preset or architecture YAML; its first array runs the GEMM (default: ${DEFAULT-VALUE}).")
    String hardware;

    @Option(names = "--dram-latency", paramLabel = "CYCLES", defaultValue = "" + ModelSimulator.DEFAULT_DRAM_LATENCY_CYCLES,
            description = "DRAM read latency in cycles (default: ${DEFAULT-VALUE}).")
    long dramLatency;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/spmm.json, spmm.csv and report.html.")
    Path outDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as a JSON list (spmm.json).")
    Path json;

    @Override
    public Integer call() {
        if (json != null) {
            JsonFile.checkWritable(json);
            if (outDir != null && json.toAbsolutePath().normalize().equals(outDir.toAbsolutePath().normalize())) {
                throw new WeftInputException("--json", null, "is the --out directory " + outDir,
                        "give a file name such as " + outDir.resolve("rows.json"));
            }
        }
        if (outDir != null) {
            OutputDirectory.checkWritable(outDir);
        }
        long[] mkn = GemmArgs.dims(shape, "--shape");
        if ((double) mkn[0] * mkn[1] * mkn[2] > MAX_MACS) {
            throw new WeftInputException("--shape", null, "a " + shape + " GEMM is " + String.format(Locale.ROOT, "%.3g",
                    (double) mkn[0] * mkn[1] * mkn[2]) + " MACs; the SpMM simulator takes at most " + MAX_MACS,
                    "give a smaller shape");
        }
        List<Double> densities = new ArrayList<>();
        for (String part : density.split(",", -1)) {
            double value;
            try {
                value = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new WeftInputException("--density", null, "cannot read '" + part + "'", "give fractions in (0, 1]");
            }
            if (!(value > 0 && value <= 1)) {
                throw new WeftInputException("--density", null, "density " + part.trim() + " is outside (0, 1]",
                        "give fractions of non-zero weights in (0, 1]");
            }
            densities.add(value);
        }
        if (dramLatency < 0) {
            throw new WeftInputException("--dram-latency", null, "must be 0 or more", "give cycles");
        }
        Architecture arch = ArchitectureLoader.resolve(hardware);
        arch.systolicArrays("the SpMM simulator");
        List<SpmmSweep.Point> points;
        try {
            points = SpmmSweep.run(arch, new GemmTile(mkn[0], mkn[2], mkn[1]), format, densities, dramLatency);
        } catch (IllegalArgumentException e) {
            throw new WeftInputException("--hw", null, e.getMessage(), "choose hardware with a larger buffer");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "SpMM [%d x %d] x [%d x %d] %s weights on %s (%s, %.0f MHz)%n", mkn[0], mkn[1], mkn[1],
                mkn[2], format, arch.name(), arch.arrays().get(0).summary(), arch.clockHz() / 1e6);
        String row = "%8s %14s %12s %14s %10s %14s %8s %16s%n";
        out.printf(Locale.ROOT, row, "density", "cycles", "stall", "eff. GMAC/s", "vs dense", "speed-up", "util",
                "metadata [B]");
        for (SpmmSweep.Point p : points) {
            if (!p.representable()) {
                out.printf(Locale.ROOT, row, fmt(p.density()), "n/a", "", "", "", "", "", "above N/M");
                continue;
            }
            out.printf(Locale.ROOT, row, fmt(p.density()), String.format(Locale.ROOT, "%,d", p.cycles()),
                    String.format(Locale.ROOT, "%,d", p.stallCycles()), String.format(Locale.ROOT, "%.2f", p.effectiveGmacPerS()),
                    String.format(Locale.ROOT, "%.2fx", p.throughputVsDense()),
                    String.format(Locale.ROOT, "%.2fx", p.timeSpeedup()), String.format(Locale.ROOT, "%.1f%%", 100 * p.utilization()),
                    String.format(Locale.ROOT, "%,.0f", p.metadataBytes()));
        }
        List<SpmmPoint> rows = rows(points, arch, mkn);
        out.printf(Locale.ROOT, "dense GEMM of the same shape: %.2f GMAC/s%n", points.get(0).denseGmacPerS());
        out.flush();
        // --json first: if --out then cannot be written, the JSON file is taken back, so a failed run leaves nothing
        if (json != null) {
            JsonFile.write(json, rows);
        }
        if (outDir != null) {
            Path written;
            try {
                written = ReportFiles.addTo(new OutputDirectory(outDir), new ReportData(null, List.of(), null, rows))
                        .commit();
            } catch (WeftInputException e) {
                if (json != null) {
                    json.toFile().delete();
                }
                throw e;
            }
            out.println("wrote " + written.resolve(ReportFiles.SPMM) + ", spmm.csv, report.html");
            out.flush();
        }
        return 0;
    }

    /** The representable points of a sweep as rows of spmm.json. */
    static List<SpmmPoint> rows(List<SpmmSweep.Point> points, Architecture arch, long[] mkn) {
        return points.stream().filter(SpmmSweep.Point::representable).map(p -> new SpmmPoint(p.format(), p.density(),
                "simulated", arch.name(), mkn[0], mkn[1], mkn[2], p.effectiveGmacPerS(), p.denseGmacPerS())).toList();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
