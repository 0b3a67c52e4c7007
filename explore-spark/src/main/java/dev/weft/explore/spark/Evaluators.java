package dev.weft.explore.spark;

import dev.weft.explore.Engine;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.PointEvaluator;
import dev.weft.explore.Row;
import dev.weft.explore.SpecParser;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor side: the spec travels as its text with its base architecture's text (an executor
 * may not see the driver's files), is read once per executor JVM, and evaluates tasks with the
 * same {@link PointEvaluator} the local engine uses.
 */
final class Evaluators {
    private static final Map<Job, PointEvaluator> READ = new ConcurrentHashMap<>();

    /** What an executor needs to rebuild the spec. */
    record Job(String specText, String specSource, String baseText, String baseSource) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Job of(ExploreSpec spec) {
            return new Job(spec.text(), spec.source(), spec.baseText(), spec.base());
        }

        ExploreSpec read() {
            return SpecParser.parse(specText, specSource, (base, field) -> new SpecParser.Base(baseText, baseSource));
        }
    }

    private Evaluators() {
    }

    static Iterator<Row> evaluate(Job job, Iterator<Engine.Task> tasks) {
        PointEvaluator evaluator = READ.computeIfAbsent(job, j -> new PointEvaluator(j.read()));
        List<Row> rows = new ArrayList<>();
        tasks.forEachRemaining(task -> rows.add(evaluator.evaluate(task.point(), task.workload())));
        return rows.iterator();
    }
}
