package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.hdl.CoreSpec;
import dev.weft.hdl.RtlCheck;
import dev.weft.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rtl-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a GEMM through the generated MAC array in Verilator: outputs must match a Java reference "
                + "bit for bit, and the RTL's cycle count (first input to last output) must equal the cycle contract's "
                + "prediction (dev.weft.arch.SystolicTiming, summed over the same folds).",
                "Needs verilator, make and g++ (apt-get install verilator g++ make). The bench is compiled once per "
                        + "array and cached under $WEFT_CACHE_DIR or ~/.cache/weft.",
                "Exit status: 0 when both match, 1 when either differs, 2 for bad input.",
                "Example: ./weft rtl-check --array 4x4 --dataflow os --gemm 16,37,16"})
final class RtlCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CoreOptions core;

    @Option(names = "--gemm", required = true, paramLabel = "M,K,N",
            description = "The GEMM: A is M x K, B is K x N (int8, random with --seed).")
    String gemm;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random operands (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path json;

    @Override
    public Integer call() {
        long[] mkn = parseGemm(gemm);
        CoreSpec.MacArray array = core.macArray();
        if (json != null && Files.isDirectory(json)) {
            throw new WeftInputException("--json", null, json + " is a directory", "give a file name");
        }
        spec.commandLine().getErr().println("weft: elaborating " + array.summary() + ", building or reusing its Verilator bench...");
        RtlCheck.Result result = RtlCheck.run(array, mkn[0], mkn[1], mkn[2], seed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "rtl-check: %s, GEMM %dx%dx%d (M x K x N), %d folds%n", array.summary(), result.m(),
                result.k(), result.n(), result.folds());
        out.printf(Locale.ROOT, "  outputs_match           %s (%d of %d differ from the Java reference)%n",
                result.outputsMatch(), result.mismatches(), result.m() * result.n());
        out.printf(Locale.ROOT, "  rtl_cycles              %d%n", result.rtlCycles());
        out.printf(Locale.ROOT, "  sim_cycles              %d (SystolicTiming, %d folds x %d cycles)%n", result.simCycles(),
                result.folds(), result.simCycles() / Math.max(result.folds(), 1));
        out.printf(Locale.ROOT, "  cycles                  %s%n", result.cyclesMatch() ? "equal" : "DIFFERENT");
        out.printf(Locale.ROOT, "  verilator_cycles_per_s  %.3g (%s)%n", result.verilatorCyclesPerS(),
                result.compiled() ? String.format(Locale.ROOT, "bench compiled in %.1f s", result.buildSeconds()) : "cached bench");
        out.println("result: " + (result.passed() ? "PASS" : "FAIL"));
        out.flush();
        if (json != null) {
            write(result);
        }
        return result.passed() ? 0 : 1;
    }

    private void write(RtlCheck.Result result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("array", result.array().summary());
        map.put("rows", result.array().rows());
        map.put("cols", result.array().cols());
        map.put("dataflow", result.array().dataflow().label());
        map.put("gemm", Map.of("m", result.m(), "k", result.k(), "n", result.n()));
        map.put("folds", result.folds());
        map.put("rtl_cycles", result.rtlCycles());
        map.put("sim_cycles", result.simCycles());
        map.put("cycles_match", result.cyclesMatch());
        map.put("outputs_match", result.outputsMatch());
        map.put("mismatches", result.mismatches());
        map.put("verilator_cycles_per_s", result.verilatorCyclesPerS());
        map.put("seed", seed);
        map.put("passed", result.passed());
        try {
            Path file = json.toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(map) + "\n");
        } catch (IOException e) {
            throw new WeftInputException("--json", null, "cannot write " + json + ": " + e.getMessage(),
                    "choose a writable file");
        }
    }

    static long[] parseGemm(String text) {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new WeftInputException("--gemm", null, "'" + text + "' is not M,K,N", "write e.g. --gemm 16,37,16");
        }
        long[] values = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                values[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new WeftInputException("--gemm", null, "'" + parts[i].strip() + "' is not a whole number",
                        "write e.g. --gemm 16,37,16");
            }
            if (values[i] < 1 || values[i] > RtlCheck.MAX_GEMM_SIDE) {
                throw new WeftInputException("--gemm", null, "each of M, K, N must be 1.." + RtlCheck.MAX_GEMM_SIDE
                        + ", was " + values[i], "write e.g. --gemm 16,37,16");
            }
        }
        return values;
    }
}
