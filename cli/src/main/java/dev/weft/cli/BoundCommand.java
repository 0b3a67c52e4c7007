package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.cost.TileBuffer;
import dev.weft.fusion.BoundSweep;
import dev.weft.reports.Units;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bound", mixinStandardHelpOptions = true,
        description = {"A model's softmax attention against on-chip capacity: for buffer sizes from 1/256 to 4 times "
                + "the machine's, the DRAM bytes of every attention core mapped one operator at a time (unfused), "
                + "fused as Weft maps it (FlashAttention blocks Br x Bc), and the bound beside them.",
                "compulsory: Q, K, V read once and O written once (a floor for any algorithm). saha_ye: "
                        + "N^2 d^2 / M for M >= d^2, N^2 d / sqrt(M) below (Saha and Ye, ICML 2024: FlashAttention's "
                        + "traffic is optimal within a constant factor; the constant is taken as 1). hong_kung_scores: "
                        + "rows x keys x d / sqrt(M) for the score product alone (Hong and Kung, STOC 1981, constant 1). "
                        + "lower_bound: the larger of compulsory and saha_ye. M counts input elements in the buffer.",
                "Example: ./weft bound --model llama-2-7b --seq 4096 --hw systolic-128x128-int8"})
final class BoundCommand implements Callable<Integer> {
    static final List<Double> FACTORS = List.of(1 / 256.0, 1 / 64.0, 1 / 16.0, 1 / 4.0, 1 / 2.0, 1.0, 2.0, 4.0);

    @Spec
    CommandSpec spec;

    @Mixin
    WorkloadOptions options;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON (units in the key names).")
    Path json;

    /** What {@code --json} holds: the workload, the machine's own buffer and one row per buffer size. */
    record Report(String model, String hardware, String phase, int seq, int kv, long presetBufferBytes,
                  List<BoundSweep.Row> rows) {
    }

    @Override
    public Integer call() {
        if (json != null) {
            JsonFile.checkWritable(json);
        }
        Architecture arch = options.architecture();
        Workload workload = options.workload(options.spec(AttentionKind.SOFTMAX, arch));
        List<BoundSweep.Row> rows = BoundSweep.run(workload, arch, FACTORS, options.seed);
        long preset = TileBuffer.of(arch).sizeBytes();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, %s, seq %d%s, on %s (buffer %s): DRAM traffic of its softmax attention%n",
                workload.model(), workload.spec().phase().label(), workload.spec().seq(),
                workload.spec().kvLength() > 0 ? ", kv " + workload.spec().kvLength() : "", arch.name(),
                Units.bytes(preset));
        String format = "%-16s %-16s %-16s %-20s %-16s %-16s %-20s %-16s %-10s%n";
        out.printf(Locale.ROOT, format, "capacity_bytes", "unfused_bytes", "fused_bytes", "blocks Br x Bc",
                "compulsory_bytes", "saha_ye_bytes", "hong_kung_qk_bytes", "lower_bound_bytes", "fused/bound");
        for (BoundSweep.Row row : rows) {
            String blocks = row.queryBlock() == null ? "none fit"
                    : row.queryBlock() + " x " + row.kvBlock() + (row.kvResident() ? " kv kept" : "");
            out.printf(Locale.ROOT, format, Units.bytes(row.capacityBytes()) + (row.capacityBytes() == preset ? "*" : ""),
                    Units.bytes(row.unfusedDramBytes()), Units.bytes(row.fusedDramBytes()), blocks,
                    Units.bytes(row.compulsoryBytes()), Units.bytes(row.sahaYeBytes()),
                    Units.bytes(row.hongKungScoresBytes()), Units.bytes(row.lowerBoundBytes()),
                    String.format(Locale.ROOT, "%.3f", row.fusedOverBound()));
        }
        out.println("* the machine's own buffer; sizes too small for any tile of the unfused operators are left out");
        if (json != null) {
            JsonFile.write(json, new Report(workload.model(), arch.name(), workload.spec().phase().label(),
                    workload.spec().seq(), workload.spec().kvLength(), preset, rows));
            out.println("wrote " + json.toAbsolutePath().normalize());
        }
        out.flush();
        return 0;
    }
}
