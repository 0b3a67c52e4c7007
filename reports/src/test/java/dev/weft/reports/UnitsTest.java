package dev.weft.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void energyScalesFromPicoToJoules() {
        assertEquals("950 pJ", Units.energyPj(950));
        assertEquals("1.50 nJ", Units.energyPj(1500));
        assertEquals("12.3 uJ", Units.energyPj(12.3e6));
        assertEquals("2.00 mJ", Units.energyPj(2e9));
        assertEquals("3.00 J", Units.energyPj(3e12));
    }

    @Test
    void timeScalesFromNanoToSeconds() {
        assertEquals("5.00 ns", Units.seconds(5e-9));
        assertEquals("250 us", Units.seconds(250e-6));
        assertEquals("1.23 ms", Units.seconds(1.234e-3));
        assertEquals("2.50 s", Units.seconds(2.5));
    }

    @Test
    void countsCarryMetricPrefixes() {
        assertEquals("11.2 G", Units.count(11.17e9));
        assertEquals("124 M", Units.count(124.4e6));
        assertEquals("512", Units.count(512));
    }
}
