package dev.weft.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The larger seeded campaign, excluded from the default build (tag {@code campaign}):
 * {@code mvn -B -ntp -o -pl cli -am test -Dgroups=campaign -Dweft.excludedGroups=none -Dtest='InputFuzzCampaignTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dweft.fuzz.cases=200000 -Dweft.fuzz.seed=7}. It prints the count of
 * each outcome per format and the first defects with their reproducers.
 */
@Tag("campaign")
class InputFuzzCampaignTest {
    @Test
    void campaign(@TempDir Path work) {
        long seed = Long.getLong("weft.fuzz.seed", System.currentTimeMillis());
        int cases = Integer.getInteger("weft.fuzz.cases", 200_000);
        long minutes = Long.getLong("weft.fuzz.minutes", 60);
        Campaign campaign = Campaign.run(work, seed, cases, minutes * 60_000, 30_000);
        System.out.println("seed " + seed + "\n" + campaign.summary());
        campaign.defects.forEach(System.out::println);
        assertEquals(0, campaign.defectCount, campaign.summary());
    }
}
