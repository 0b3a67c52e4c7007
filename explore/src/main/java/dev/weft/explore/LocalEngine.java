package dev.weft.explore;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Every core of this machine: one evaluation per thread at a time. */
public final class LocalEngine implements Engine {
    public static final String NAME = "local";
    private final int threads;

    public LocalEngine(int threads) {
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void evaluate(ExploreSpec spec, List<Task> tasks, Consumer<Row> sink) {
        PointEvaluator evaluator = new PointEvaluator(spec);
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "weft-explore");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ExecutorCompletionService<Row> done = new ExecutorCompletionService<>(pool);
            tasks.forEach(task -> done.submit(() -> evaluator.evaluate(task.point(), task.workload())));
            for (int i = 0; i < tasks.size(); i++) {
                sink.accept(done.take().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating design points", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("a design point's evaluation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public List<Pareto.Front> fronts(ExploreSpec spec, List<Row> rows) {
        return Pareto.fronts(spec, rows);
    }
}
