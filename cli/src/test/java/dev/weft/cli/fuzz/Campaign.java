package dev.weft.cli.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        try (Runner runner = new Runner(work.resolve("cases"), caseTimeoutMillis)) {
            for (int i = 0; i < cases; i++) {
                if ((System.nanoTime() - start) / 1_000_000 > timeLimitMillis) {
                    break;
                }
                FuzzCase fuzzCase = generator.next();
                long caseStart = System.nanoTime();
                Outcome outcome = runner.run(fuzzCase);
                campaign.nanos.merge(fuzzCase.format(), System.nanoTime() - caseStart, Long::sum);
                campaign.cases++;
                campaign.counts.computeIfAbsent(fuzzCase.format(), f -> new LinkedHashMap<>())
                        .merge(outcome.kind(), 1, Integer::sum);
                if (outcome.kind() == Outcome.Kind.DEFECT) {
                    campaign.defectCount++;
                    String kind = outcome.why().lines().findFirst().orElse("")
                            .replaceAll("/[^ ]*/case-[0-9]+/", "").replaceAll("[0-9]+", "N");
                    kind = fuzzCase.format() + ": " + kind.substring(0, Math.min(kind.length(), 150));
                    boolean fresh = !campaign.kinds.containsKey(kind);
                    campaign.kinds.merge(kind, 1, Integer::sum);
                    if (fresh && campaign.defects.size() < KEPT) {
                        campaign.defects.add("case " + i + " (seed " + seed + "): " + outcome.why() + "\n"
                                + fuzzCase.reproducer());
                    }
                }
            }
        }
        campaign.millis = (System.nanoTime() - start) / 1_000_000;
        return campaign;
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
