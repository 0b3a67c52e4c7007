package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.io.Json;
import dev.weft.mapper.Estimator;
import dev.weft.pipeline.Pipeline;
import dev.weft.mapper.Mapper;
import dev.weft.nest.NestMapper;
import dev.weft.nest.NestProblem;
import dev.weft.nest.Objective;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench mapper}'s second table: Weft's loop-nest mapper against ZigZag's LOMA on ZigZag's
 * own machines, mapping BERT-base at 128 tokens. ZigZag's seconds are CPU seconds of one
 * {@code get_hardware_performance_zigzag} call per distinct GEMM
 * ({@code scripts/peers/zigzag/zz_timing.py}): timed in this run when a ZigZag checkout is given,
 * otherwise the figures recorded on this kind of machine, with their date and commit.
 */
final class MapperVsZigZag {
    private static final String RECORDED = "/peers/zigzag-timing.json";
    private static final String[][] MACHINES = {{"tpu_like", "zigzag-tpu-like"},
            {"edge_tpu_like", "zigzag-edge-tpu-like"}, {"ascend_like", "zigzag-ascend-like"}};
    private static final int BLOCKS = 12;

    /** One machine's row. */
    record Row(String hardware, double weftDistinctS, double zigzagDistinctCpuS, double distinctRatio,
               double weftModelS, double zigzagModelCpuS, double modelRatio, long weftMappingsEvaluated,
               long zigzagMappingsEvaluated) {
    }

    private MapperVsZigZag() {
    }

    static List<Row> run(int runs, Path zigzag, PrintWriter out) {
        JsonNode baseline = zigzag == null ? recorded() : timeZigZag(zigzag);
        JsonNode header = baseline.get("header");
        out.println();
        out.println("loop-nest mapper against ZigZag " + header.get("commit").asText().substring(0, 8)
                + " (LOMA, lpf_limit 6), BERT-base 128 tokens, ZigZag's machines; "
                + (zigzag == null ? "ZigZag timed " + header.get("date_utc").asText() + " on this kind of machine "
                + "(pass --zigzag DIR to time it in this run)" : "ZigZag timed in this run"));
        String format = "%-22s %13s %14s %9s %13s %15s %9s%n";
        out.printf(Locale.ROOT, format, "hardware", "Weft CPU[ms]", "ZigZag CPU[s]", "ratio", "Weft model[s]",
                "ZigZag model[s]", "ratio");
        List<Row> rows = new ArrayList<>();
        for (String[] machine : MACHINES) {
            Architecture arch = ArchitectureLoader.preset(machine[1]);
            JsonNode layers = baseline.get("machines").get(machine[0]).get("layers");
            double zigzagDistinct = 0;
            double zigzagModel = 0;
            long zigzagEvaluated = 0;
            List<NestProblem> problems = new ArrayList<>();
            for (JsonNode layer : layers) {
                double cpu = layer.get("cpu_s_min").asDouble();
                zigzagDistinct += cpu;
                zigzagModel += BLOCKS * layer.get("occurrences_per_encoder_block").asInt() * cpu;
                zigzagEvaluated += layer.get("cost_model_evaluations").asLong();
                problems.add(NestProblem.gemm(layer.get("layer").asText(), 1, layer.get("M").asLong(),
                        layer.get("N").asLong(), layer.get("K").asLong()));
            }
            long[] evaluated = new long[1];
            double distinct = median(runs, () -> {
                evaluated[0] = 0;
                for (NestProblem problem : problems) {
                    NestMapper mapper = new NestMapper(arch.hierarchy(), Objective.EDP);
                    mapper.map(problem);
                    evaluated[0] += mapper.evaluated();
                }
            });
            Workload model = ModelZoo.build("bert-base", new WorkloadSpec(1, 128, 0, Phase.PREFILL, 0,
                    AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(), WorkloadSpec.DEFAULT_HASH_BITS,
                    WorkloadSpec.DEFAULT_HASH_ANCHORS));
            Estimator.Options options = new Estimator.Options(1, Mapper.DEFAULT_BUDGET, null, null, Objective.EDP);
            Pipeline pipeline = Pipeline.analytic(arch, new ArchEnergyTable(arch), options);
            double whole = median(runs, () -> pipeline.run(model));
            Row row = new Row(machine[1], distinct, zigzagDistinct, zigzagDistinct / distinct, whole, zigzagModel,
                    zigzagModel / whole, evaluated[0], zigzagEvaluated);
            rows.add(row);
            out.printf(Locale.ROOT, format, row.hardware(), String.format(Locale.ROOT, "%.1f", 1e3 * distinct),
                    String.format(Locale.ROOT, "%.2f", zigzagDistinct),
                    String.format(Locale.ROOT, "%,.0fx", row.distinctRatio()), String.format(Locale.ROOT, "%.3f", whole),
                    String.format(Locale.ROOT, "%,.0f", zigzagModel), String.format(Locale.ROOT, "%,.0fx", row.modelRatio()));
        }
        out.println("distinct: the " + baseline.get("machines").get(MACHINES[0][0])
                .get("layers").size() + " distinct GEMMs of a BERT-base block (q/k/v/o, both MLP layers, "
                + "attention scores and context per head), each mapped from scratch (both CPU time; Weft: EDP "
                + "objective, median of the runs). model: every operator of the 12 blocks; Weft maps each "
                + "distinct shape once and reuses it, ZigZag maps each GEMM (12 x 30 calls).");
        return rows;
    }

    /**
     * CPU seconds of this thread (the mapper is single-threaded), as ZigZag's figures are: wall
     * time on a shared two-core machine measures the neighbours as much as the mapper.
     */
    private static double median(int runs, Runnable work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        work.run();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = threads.getCurrentThreadCpuTime();
            work.run();
            seconds[i] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    private static JsonNode recorded() {
        try (InputStream in = MapperVsZigZag.class.getResourceAsStream(RECORDED)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the peer script against a ZigZag checkout, with Debian's Python, in this run. */
    private static JsonNode timeZigZag(Path checkout) {
        Path script = Path.of("scripts/peers/zigzag/zz_timing.py").toAbsolutePath();
        if (!Files.isDirectory(checkout.resolve("zigzag")) || !Files.isRegularFile(script)) {
            throw new WeftInputException("--zigzag", null, checkout + " is not a ZigZag checkout (no zigzag/ in it), "
                    + "or " + script + " is missing", "give the root of a KULeuven-MICAS/zigzag work tree and run "
                    + "from Weft's repository root");
        }
        try {
            Path result = Files.createTempFile("zigzag-timing", ".json");
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString(), "--zigzag",
                    checkout.toAbsolutePath().toString(), "--out", result.toString()).directory(checkout.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PYTHONPATH", checkout.toAbsolutePath().toString());
            Process process = builder.start();
            if (process.waitFor() != 0) {
                throw new WeftInputException("--zigzag", null, "ZigZag's timing script failed (exit "
                        + process.exitValue() + ")", "run it by hand as scripts/peers/zigzag/README.md says");
            }
            return Json.MAPPER.readTree(result.toFile());
        } catch (IOException e) {
            throw new WeftInputException("--zigzag", null, "cannot run ZigZag: " + e.getMessage(),
                    "check /usr/bin/python3 and the checkout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
