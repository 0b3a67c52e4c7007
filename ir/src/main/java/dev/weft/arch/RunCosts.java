package dev.weft.arch;

/**
 * What a real run on the device pays beyond its peak figures: the part of DRAM's peak bandwidth
 * that streaming kernels sustain (refresh, bank conflicts and read-write turnarounds take the
 * rest), and the host's time per kernel launched (driver launch, framework dispatch and the
 * synchronisation that an operator-by-operator run waits for). An accelerator described by its
 * own cycle-level schedule has neither, so both default to "none": the peak and 0.
 *
 * @param dramSustainedBytesPerS DRAM bandwidth a streaming kernel sustains; 0 for the port's peak
 * @param kernelLaunchS          time per kernel (one operator, or one fusion group), paid in series
 */
public record RunCosts(double dramSustainedBytesPerS, double kernelLaunchS) {
    /** A device that runs at its peaks with no host in the loop. */
    public static final RunCosts NONE = new RunCosts(0, 0);

    public RunCosts {
        if (!(dramSustainedBytesPerS >= 0) || !(kernelLaunchS >= 0) || Double.isInfinite(dramSustainedBytesPerS)
                || Double.isInfinite(kernelLaunchS)) {
            throw new IllegalArgumentException("run costs must be finite and >= 0");
        }
    }

    /** Cycles of {@code clockHz} one kernel launch takes, rounded up. */
    public long kernelLaunchCycles(double clockHz) {
        return (long) Math.ceil(kernelLaunchS * clockHz - 1e-9);
    }
}
