package dev.weft.cli;

import dev.weft.nest.Objective;
import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.Mapper;
import dev.weft.results.Results;
import dev.weft.results.SeqSweep;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ConfigReader;
import dev.weft.workload.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Estimates one model at several sequence lengths with several attention variants. */
final class SeqSweeps {
    /** Config fields that bound a model's context; {@code --extend-context} raises them. */
    static final List<String> POSITION_FIELDS = List.of("max_position_embeddings", "n_positions");

    private SeqSweeps() {
    }

    /**
     * A zoo model's builder for a sweep. With {@code extendContext}, a model whose learned
     * positions are fewer than the longest length is built as if its position table were that
     * long (a what-if: every other weight stays as trained).
     */
    static Function<WorkloadSpec, Workload> zoo(String model, List<Integer> lengths, boolean extendContext) {
        ConfigReader config = ModelZoo.config(model);
        int longest = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (extendContext) {
            for (String field : POSITION_FIELDS) {
                if (config.has(field) && config.positiveInt(field) < longest) {
                    config = config.with(field, longest);
                }
            }
        }
        ConfigReader extended = config;
        String name = ModelZoo.name(model);
        return spec -> ModelZoo.build(name, extended, spec);
    }

    /** The sweep of the model {@code build} makes; the first variant is the baseline. */
    static SeqSweep run(String name, Function<WorkloadSpec, Workload> build, WorkloadSpec base,
                        List<AttentionKind> kinds, List<Integer> lengths, Architecture arch, EnergyModel energy,
                        long seed, int budget, Objective objective) {
        List<SeqSweep.Point> points = new ArrayList<>();
        try (Progress progress = new Progress("sweep", (long) kinds.size() * lengths.size())) {
            int done = 0;
            for (AttentionKind kind : kinds) {
                for (int length : lengths) {
                    WorkloadSpec spec = base.withAttention(kind).withSeq(length);
                    Estimator.Estimate estimate = Estimator.run(build.apply(spec), arch, energy,
                            new Estimator.Options(seed, budget == 0 ? Mapper.DEFAULT_BUDGET : budget, null, null,
                                    objective),
                            step -> { });
                    Results.Totals t = estimate.results().totals();
                    points.add(new SeqSweep.Point(kind.label(), length, t.latencyS(), t.energyPj(),
                            t.energyPerTokenPj(), t.tokens()));
                    progress.stepper().accept(++done);
                }
            }
        }
        return SeqSweep.of(name, arch.name(), energy.name(), kinds.get(0).label(), points);
    }
}
