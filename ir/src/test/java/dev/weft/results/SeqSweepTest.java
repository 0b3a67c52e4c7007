package dev.weft.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeqSweepTest {

    static SeqSweep.Point p(String attention, int seq, double energyPerToken, double latency) {
        return new SeqSweep.Point(attention, seq, latency, energyPerToken * seq, energyPerToken, seq);
    }

    @Test
    void crossingIsInterpolatedOnALogScale() {
        List<SeqSweep.Point> points = List.of(
                p("softmax", 128, 100, 1), p("softmax", 256, 200, 2), p("softmax", 512, 400, 4),
                p("linear", 128, 250, 3), p("linear", 256, 250, 3), p("linear", 512, 250, 3));
        SeqSweep sweep = SeqSweep.of("m", "hw", "arch", "softmax", points);
        SeqSweep.Crossover energy = sweep.crossovers().get(0);
        // differences: +50 at 256, -150 at 512: a quarter of the way from log2 256 = 8 to 9
        assertEquals("crosses", energy.kind());
        assertEquals(Math.pow(2, 8.25), energy.seq(), 1e-9);
        SeqSweep.Crossover latency = sweep.crossovers().get(1);
        // latency differences +2, +1, -1: halfway between 256 and 512 on the log scale
        assertEquals(Math.pow(2, 8.5), latency.seq(), 1e-9);
    }

    @Test
    void aVariantThatNeverOrAlwaysWinsSaysSo() {
        List<SeqSweep.Point> points = List.of(
                p("softmax", 128, 100, 1), p("softmax", 256, 200, 2),
                p("ecoformer", 128, 90, 5), p("ecoformer", 256, 150, 6));
        SeqSweep sweep = SeqSweep.of("m", "hw", "arch", "softmax", points);
        assertEquals("always", sweep.crossovers().get(0).kind());
        assertEquals(128, sweep.crossovers().get(0).seq());
        assertEquals("never", sweep.crossovers().get(1).kind());
        assertNull(sweep.crossovers().get(1).seq());
    }
}
