package dev.weft.explore;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a sweep's evaluations run. Every engine evaluates with {@link PointEvaluator} and
 * reduces with {@link Pareto}, so engines differ in where the work happens, never in the rows or
 * fronts they give.
 */
public interface Engine extends AutoCloseable {

    /** One evaluation: a design point on the spec's workload of that index. */
    record Task(DesignPoint point, int workload) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    String name();

    /** Evaluates every task; {@code sink} gets each row on the calling thread, in any order. */
    void evaluate(ExploreSpec spec, List<Task> tasks, Consumer<Row> sink);

    /** The Pareto fronts of {@code rows}, as {@link Pareto#fronts} gives them. */
    List<Pareto.Front> fronts(ExploreSpec spec, List<Row> rows);

    /**
     * Writes {@code rows} in a columnar format into {@code dir} if this engine has a writer for
     * one, and returns the name it wrote.
     */
    default Optional<String> writeColumnar(ExploreSpec spec, List<Row> rows, Path dir) {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
