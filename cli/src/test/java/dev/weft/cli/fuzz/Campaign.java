package dev.weft.cli.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs generated cases and counts their outcomes per format. The first defects are kept with
 * their reproducers; the rest are counted.
 */
final class Campaign {
    private static final int KEPT = 60;

    final Map<String, Map<Outcome.Kind, Integer>> counts = new TreeMap<>();
    final Map<String, Long> nanos = new TreeMap<>();
    final List<String> defects = new ArrayList<>();
    /** Defects by kind (their first words, numbers and paths left out), with how often each occurred. */
    final Map<String, Integer> kinds = new TreeMap<>();
    int cases;
    int defectCount;
    long millis;

    static Campaign run(Path work, long seed, int cases, long timeLimitMillis, long caseTimeoutMillis) {
        Campaign campaign = new Campaign();
        long start = System.nanoTime();
        Seeds seeds = new Seeds(work.resolve("seeds"));
        CaseGenerator generator = new CaseGenerator(seeds, seed);
        int threads = Integer.getInteger("weft.fuzz.threads", Runtime.getRuntime().availableProcessors());
        List<Runner> runners = new ArrayList<>();
        ThreadLocal<Runner> runner = ThreadLocal.withInitial(() -> {
            Runner fresh = new Runner(work.resolve("cases"), caseTimeoutMillis);
            synchronized (runners) {
                runners.add(fresh);
            }
            return fresh;
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Runnable restore = Runner.captureStrayOutput();
        try {
            int done = 0;
            while (done < cases && (System.nanoTime() - start) / 1_000_000 < timeLimitMillis) {
                // cases are generated in order from the seed, then run side by side: a case's outcome depends only on itself
                List<FuzzCase> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(64, cases - done); i++) {
                    batch.add(generator.next());
                }
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (FuzzCase fuzzCase : batch) {
                    outcomes.add(pool.submit(() -> {
                        long caseStart = System.nanoTime();
                        Outcome outcome = runner.get().run(fuzzCase);
                        synchronized (campaign) {
                            campaign.nanos.merge(fuzzCase.format(), System.nanoTime() - caseStart, Long::sum);
                        }
                        return outcome;
                    }));
                }
                for (int i = 0; i < batch.size(); i++) {
                    campaign.record(seed, done + i, batch.get(i), outcomes.get(i).get());
                }
                done += batch.size();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            restore.run();
            pool.shutdownNow();
            runners.forEach(Runner::close);
        }
        campaign.millis = (System.nanoTime() - start) / 1_000_000;
        return campaign;
    }

    private void record(long seed, int index, FuzzCase fuzzCase, Outcome outcome) {
        cases++;
        counts.computeIfAbsent(fuzzCase.format(), f -> new LinkedHashMap<>()).merge(outcome.kind(), 1, Integer::sum);
        if (outcome.kind() != Outcome.Kind.DEFECT) {
            return;
        }
        defectCount++;
        String kind = outcome.why().lines().findFirst().orElse("")
                .replaceAll("/[^ ]*/case-[0-9]+/", "").replaceAll("[0-9]+", "N");
        if (outcome.why().startsWith("exit 0 for") || outcome.why().startsWith("a valid input")) {
            kind += " [" + fuzzCase.mutation().replaceAll("[0-9]+", "N") + "]";
        }
        kind = fuzzCase.format() + ": " + kind.substring(0, Math.min(kind.length(), 150));
        boolean fresh = !kinds.containsKey(kind);
        kinds.merge(kind, 1, Integer::sum);
        if (fresh && defects.size() < KEPT) {
            defects.add("case " + index + " (seed " + seed + "): " + outcome.why() + "\n" + fuzzCase.reproducer());
        }
    }

    String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%d cases in %.1f s, %d defects%n", cases, millis / 1000.0, defectCount));
        text.append(String.format("%-36s %8s %12s %8s %10s%n", "format", "OK", "CLEAN ERROR", "DEFECT", "ms/case"));
        for (Map.Entry<String, Map<Outcome.Kind, Integer>> format : counts.entrySet()) {
            Map<Outcome.Kind, Integer> c = format.getValue();
            int total = c.values().stream().mapToInt(Integer::intValue).sum();
            text.append(String.format("%-36s %8d %12d %8d %10.1f%n", format.getKey(), c.getOrDefault(Outcome.Kind.OK, 0),
                    c.getOrDefault(Outcome.Kind.CLEAN_ERROR, 0), c.getOrDefault(Outcome.Kind.DEFECT, 0),
                    nanos.get(format.getKey()) / 1e6 / total));
        }
        if (!kinds.isEmpty()) {
            text.append("defects by kind:\n");
            kinds.forEach((kind, count) -> text.append(String.format("%6d  %s%n", count, kind)));
        }
        return text.toString();
    }
}
