package dev.weft.explore.spark;

import dev.weft.error.WeftInputException;
import dev.weft.explore.ExploreRun;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.SpecParser;
import java.nio.file.Path;
import java.util.Map;

/**
 * The job jar's entry point for {@code spark-submit}: {@code ExploreJob SPEC DIR}, with the master
 * and resources from spark-submit's own options. It runs the same sweep as
 * {@code weft explore SPEC --out DIR --engine spark}.
 */
public final class ExploreJob {
    private ExploreJob() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("weft: error: usage: spark-submit weft-explore-spark-job.jar SPEC DIR");
            System.exit(2);
        }
        try {
            ExploreSpec spec = SpecParser.load(Path.of(args[0]));
            try (SparkEngine engine = new SparkEngine(null, Map.of())) {
                ExploreRun.Summary summary = ExploreRun.run(spec, Path.of(args[1]), engine, done -> { });
                System.out.println(summary.rows().size() + " rows, " + summary.evaluated() + " evaluated in "
                        + String.format(java.util.Locale.ROOT, "%.1f s", summary.seconds()) + "; wrote " + args[1]);
            }
        } catch (WeftInputException e) {
            System.err.println("weft: error: " + e.getMessage());
            System.exit(2);
        }
    }
}
