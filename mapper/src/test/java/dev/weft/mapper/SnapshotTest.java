package dev.weft.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PresetInfo;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.results.Results;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-model golden snapshots, one per hardware preset x model x phase, per layer: MACs,
 * cycles, and energy by component. A changed number fails here until the snapshot is
 * regenerated, so that it is a decision: {@code mvn -pl mapper test -Dtest=SnapshotTest
 * -Dweft.snapshots.update=true}, then review the diff of {@code src/test/resources/snapshots/}.
 */
class SnapshotTest {
    private static final Path DIR = Path.of("src/test/resources/snapshots");
    private static final boolean UPDATE = Boolean.getBoolean("weft.snapshots.update");

    /** Model, phase, sequence (prefill) or KV length (decode). */
    private static final String[][] WORKLOADS = {{"bert-base", "prefill", "128"}, {"gpt2", "decode", "1024"},
            {"vit-b16", "prefill", "0"}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (PresetInfo preset : ArchitectureLoader.presets()) {
            for (String[] workload : WORKLOADS) {
                cases.add(Arguments.of(preset.name(), workload[0], workload[1], Integer.parseInt(workload[2])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void everyLayerKeepsItsFigures(String preset, String model, String phase, int length) throws IOException {
        Architecture arch = ArchitectureLoader.preset(preset);
        Phase parsed = Phase.parse(phase, "phase", null);
        boolean decode = parsed == Phase.DECODE;
        WorkloadSpec spec = new WorkloadSpec(1, decode ? 1 : Math.max(length, 1), model.startsWith("vit") ? 224 : 0,
                parsed, decode ? length : 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, arch.nativeDtype(),
                WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
        Results results = Estimator.run(ModelZoo.build(model, spec), arch, new ArchEnergyTable(arch),
                Estimator.Options.search(1), done -> { }).results();
        String snapshot = render(results);
        Path file = DIR.resolve(preset + "-" + model + "-" + phase + ".csv");
        if (UPDATE) {
            Files.writeString(file, snapshot, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), "no snapshot " + file + "; generate it with -Dweft.snapshots.update=true");
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> actual = snapshot.lines().toList();
        assertEquals(expected.size(), actual.size(), file + ": number of layers");
        for (int i = 0; i < expected.size(); i++) {
            if (!same(expected.get(i), actual.get(i))) {
                fail(file + " line " + (i + 1) + " changed:\n  was " + expected.get(i) + "\n  now " + actual.get(i));
            }
        }
    }

    /** One line per layer: name, MACs, cycles, then energy per component in pJ; totals last. */
    private static String render(Results results) {
        StringBuilder text = new StringBuilder("layer,macs,cycles,energy_pj by component\n");
        for (Results.Layer layer : results.layers()) {
            text.append(layer.name()).append(',').append(number(layer.macs())).append(',').append(layer.cycles());
            layer.energyBreakdownPj().forEach((component, pj) -> text.append(',').append(component).append('=')
                    .append(number(pj)));
            text.append('\n');
        }
        Results.Totals totals = results.totals();
        text.append("TOTAL,").append(number(totals.macs())).append(',').append(totals.cycles());
        totals.energyBreakdownPj().forEach((component, pj) -> text.append(',').append(component).append('=')
                .append(number(pj)));
        return text.append('\n').toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.9g", value);
    }

    /** Equal text, or equal numbers within the last printed digit (summation order may differ). */
    private static boolean same(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        String[] a = expected.split("[,=]");
        String[] b = actual.split("[,=]");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(b[i])) {
                continue;
            }
            try {
                double x = Double.parseDouble(a[i]);
                double y = Double.parseDouble(b[i]);
                if (Math.abs(x - y) > 1e-8 * Math.max(Math.abs(x), Math.abs(y))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
