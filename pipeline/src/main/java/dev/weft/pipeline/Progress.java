package dev.weft.pipeline;

import java.util.function.IntConsumer;

/** Where a stage reports how far it is: a progress bar on a terminal, or nowhere. */
@FunctionalInterface
public interface Progress {
    /** Reports nothing: for runs inside sweeps, benchmarks and tests. */
    Progress NONE = (task, total) -> new Bar() {
        @Override
        public void accept(int done) {
        }

        @Override
        public void close() {
        }
    };

    /** A bar for {@code total} steps of {@code task} (e.g. "mapping" over the operators). */
    Bar open(String task, long total);

    /** Told the number of steps done after each one; closed when the task ends. */
    interface Bar extends IntConsumer, AutoCloseable {
        @Override
        void close();
    }
}
