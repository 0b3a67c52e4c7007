package dev.weft.fpga;

/** Estimated use of one design on one board (the fit check's numbers, before synthesis). */
public record Estimate(long lut, long ff, long dsp, long bramKbit) {
}
