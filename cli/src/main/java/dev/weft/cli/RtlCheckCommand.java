package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.CoreSpec;
import dev.weft.hdl.RtlCheck;
import dev.weft.mapper.Mapper;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.DType;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.zoo.GraphBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rtl-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a GEMM through the generated MAC array in Verilator, tile by tile of the schedule the mapper "
                + "chooses on --hw (the whole GEMM on a bare --array): outputs must match a Java reference "
                + "bit for bit, and the RTL's cycle count (first input to last output) must equal the cycle contract's "
                + "prediction (dev.weft.arch.SystolicTiming, summed over the same folds).",
                "Needs verilator, make and g++ (apt-get install verilator g++ make). The bench is compiled once per "
                        + "array and cached under $WEFT_CACHE_DIR or ~/.cache/weft.",
                "Exit status: 0 when both match, 1 when either differs, 2 for bad input.",
                "Example: ./weft rtl-check --array 4x4 --dataflow os --gemm 16,37,16",
                "         ./weft rtl-check --array 4x4 --dataflow ws --weight-double-buffering --gemm 16,37,16"})
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
        if (json != null) {
            JsonFile.checkWritable(json);
        }
        CoreSpec.MacArray array = core.macArray();
        List<Tile> tiles = tiles(mkn);
        spec.commandLine().getErr().println("weft: elaborating " + array.summary() + ", building or reusing its Verilator bench...");
        PrintWriter out = spec.commandLine().getOut();
        List<RtlCheck.Result> runs = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            RtlCheck.Result run = RtlCheck.run(array, tile.m(), tile.k(), tile.n(), seed + i);
            runs.add(run);
            if (tiles.size() > 1 || tile.count() > 1) {
                out.printf(Locale.ROOT, "  tile %dx%dx%d x %d: rtl %d cycles, contract %d cycles, outputs %s%n", tile.m(),
                        tile.k(), tile.n(), tile.count(), run.rtlCycles(), run.simCycles(),
                        run.outputsMatch() ? "match" : "DIFFER");
            }
        }
        RtlCheck.Result result = total(array, mkn, tiles, runs);
        out.printf(Locale.ROOT, "rtl-check: %s, GEMM %dx%dx%d (M x K x N), %d folds in %d buffer tile%s%n",
                array.summary(), result.m(), result.k(), result.n(), result.folds(),
                tiles.stream().mapToLong(Tile::count).sum(), tiles.stream().mapToLong(Tile::count).sum() == 1 ? "" : "s");
        long checked = tiles.stream().mapToLong(t -> t.m() * t.n()).sum();
        out.printf(Locale.ROOT, "  outputs_match           %s (%d of %d checked outputs differ from the Java reference)%n",
                result.outputsMatch(), result.mismatches(), checked);
        out.printf(Locale.ROOT, "  rtl_cycles              %d%n", result.rtlCycles());
        out.printf(Locale.ROOT, "  sim_cycles              %d (SystolicTiming over the same %d folds)%n", result.simCycles(),
                result.folds());
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

    /** A buffer tile of the schedule and how many times it occurs. */
    record Tile(long m, long k, long n, long count) {
    }

    /**
     * The GEMM's buffer tiles: with {@code --hw}, those of the schedule the mapper chooses for an
     * int8 GEMM on that architecture (distinct edge shapes once each, with their counts); with
     * a bare {@code --array}, which has no buffer, the whole GEMM.
     */
    private List<Tile> tiles(long[] mkn) {
        if (core.hw == null) {
            return List.of(new Tile(mkn[0], mkn[1], mkn[2], 1));
        }
        Architecture arch = ArchitectureLoader.resolve(core.hw);
        GraphBuilder g = new GraphBuilder(DType.INT8, StorageFormat.DENSE);
        g.linear("gemm", "gemm", "a", mkn[0], mkn[1], mkn[2], false);
        GemmTile buffer = new Mapper(arch, seed, Mapper.DEFAULT_BUDGET).map(g.operators().get(0)).schedule().bufferTile();
        List<Tile> tiles = new ArrayList<>();
        for (long[] m : edges(mkn[0], buffer.m())) {
            for (long[] k : edges(mkn[1], buffer.k())) {
                for (long[] n : edges(mkn[2], buffer.n())) {
                    tiles.add(new Tile(m[0], k[0], n[0], m[1] * k[1] * n[1]));
                }
            }
        }
        return tiles;
    }

    /** Tile sizes along one dimension: {size, count} for the full tiles and the edge. */
    private static List<long[]> edges(long whole, long tile) {
        long step = Math.min(tile, whole);
        List<long[]> edges = new ArrayList<>();
        edges.add(new long[] {step, whole / step});
        if (whole % step != 0) {
            edges.add(new long[] {whole % step, 1});
        }
        return edges;
    }

    /** The whole GEMM's figures: every tile's, times its count. */
    private static RtlCheck.Result total(CoreSpec.MacArray array, long[] mkn, List<Tile> tiles,
                                         List<RtlCheck.Result> runs) {
        long folds = 0;
        long rtl = 0;
        long sim = 0;
        long mismatches = 0;
        double verilatorSeconds = 0;
        boolean match = true;
        boolean compiled = false;
        double build = 0;
        for (int i = 0; i < tiles.size(); i++) {
            RtlCheck.Result run = runs.get(i);
            long count = tiles.get(i).count();
            folds += count * run.folds();
            rtl += count * run.rtlCycles();
            sim += count * run.simCycles();
            mismatches += run.mismatches();
            match &= run.outputsMatch();
            verilatorSeconds += run.rtlCycles() / run.verilatorCyclesPerS();
            compiled |= run.compiled();
            build += run.buildSeconds();
        }
        long simulated = runs.stream().mapToLong(RtlCheck.Result::rtlCycles).sum();
        return new RtlCheck.Result(array, mkn[0], mkn[1], mkn[2], folds, rtl, sim, match, mismatches,
                simulated / verilatorSeconds, compiled, build);
    }

    private void write(RtlCheck.Result result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("array", result.array().summary());
        map.put("rows", result.array().rows());
        map.put("cols", result.array().cols());
        map.put("dataflow", result.array().dataflow().label());
        map.put("weight_double_buffering", result.array().weightDoubleBuffering());
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
        JsonFile.write(json, map);
    }

    /** {@code M,K,N} within what the Verilator bench holds. */
    static long[] parseGemm(String text) {
        long[] mkn = GemmArgs.dims(text, "--gemm");
        for (long side : mkn) {
            if (side > RtlCheck.MAX_GEMM_SIDE) {
                throw new WeftInputException("--gemm", null, "each of M, K, N must be 1.." + RtlCheck.MAX_GEMM_SIDE
                        + ", was " + side, "write e.g. --gemm 16,37,16");
            }
        }
        return mkn;
    }
}
