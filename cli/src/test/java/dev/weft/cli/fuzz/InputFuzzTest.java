package dev.weft.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that cannot break Weft: seeded mutations of every input format and of command-line
 * values, each of which must end in a valid result or a clean one-line error (exit 2), never a
 * stack trace, hang, NaN, negative energy, accepted invalid value or partial output. The seed
 * is fixed so a failure reproduces; {@code -Dweft.fuzz.seed=N} explores another part of the space.
 */
class InputFuzzTest {
    static final int CASES = Integer.getInteger("weft.fuzz.cases", 10_000);

    @Test
    void noGeneratedInputBreaksWeft(@TempDir Path work) {
        long seed = Long.getLong("weft.fuzz.seed", 20261130L);
        Campaign campaign = Campaign.run(work, seed, CASES, 600_000, 10_000);
        System.out.println(campaign.summary());
        assertEquals(0, campaign.defectCount, campaign.summary() + "\n" + String.join("\n", campaign.defects));
        assertTrue(campaign.cases >= CASES, "only " + campaign.cases + " cases within the time limit:\n" + campaign.summary());
    }
}
