package dev.weft.cli;

import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Progress;
import dev.weft.pipeline.Workloads;
import dev.weft.results.Results;
import dev.weft.results.SeqSweep;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ConfigReader;
import dev.weft.workload.zoo.ModelZoo;
import java.util.ArrayList;
import java.util.List;

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
    static Workloads zoo(String model, List<Integer> lengths, boolean extendContext) {
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
        return Workloads.of(spec -> ModelZoo.build(name, extended, spec));
    }

    /** The sweep of the model {@code build} makes, each point through {@code pipeline}; the first variant is the baseline. */
    static SeqSweep run(String name, Workloads build, WorkloadSpec base, List<AttentionKind> kinds,
                        List<Integer> lengths, Pipeline pipeline) {
        List<SeqSweep.Point> points = new ArrayList<>();
        try (Progress.Bar bar = pipeline.progress().open("sweep", (long) kinds.size() * lengths.size())) {
            Pipeline quiet = pipeline.withProgress(Progress.NONE);
            int done = 0;
            for (AttentionKind kind : kinds) {
                for (int length : lengths) {
                    Results.Totals t = quiet.run(build.build(base.withAttention(kind).withSeq(length))).results()
                            .totals();
                    points.add(new SeqSweep.Point(kind.label(), length, t.latencyS(), t.energyPj(),
                            t.energyPerTokenPj(), t.tokens()));
                    bar.accept(++done);
                }
            }
        }
        return SeqSweep.of(name, pipeline.arch().name(), pipeline.energy().name(), kinds.get(0).label(), points);
    }
}
