package dev.weft.parallel;

import dev.weft.error.WeftInputException;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Consecutive layers as pipeline stages: the repeated layer blocks (named with their index,
 * e.g. {@code layers11}) are dealt out evenly, the earlier stages taking one more when they do
 * not divide; the blocks before the first layer (embeddings) join the first stage, those after
 * the last (final norm, output head) the last.
 */
public final class PipelineStages {
    private PipelineStages() {
    }

    /** The blocks of each stage, first stage first. */
    public static List<Set<String>> assign(Workload workload, int pp) {
        List<String> blocks = new ArrayList<>(new LinkedHashSet<>(workload.operators().stream()
                .map(Operator::block).toList()));
        List<Integer> layers = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).matches(".*\\d")) {
                layers.add(i);
            }
        }
        if (layers.size() < pp) {
            throw new WeftInputException("--parallel", "pp", "asks for " + pp + " pipeline stages but "
                    + workload.model() + " has " + layers.size() + " layers", "give pp of at most " + layers.size());
        }
        List<Set<String>> stages = new ArrayList<>();
        int next = 0;
        for (int stage = 0; stage < pp; stage++) {
            int count = layers.size() / pp + (stage < layers.size() % pp ? 1 : 0);
            int from = stage == 0 ? 0 : layers.get(next);
            next += count;
            int to = stage == pp - 1 ? blocks.size() : layers.get(next);
            stages.add(new LinkedHashSet<>(blocks.subList(from, to)));
        }
        return stages;
    }
}
