package dev.weft.arch;

import dev.weft.io.Labels;
import java.util.Locale;

/**
 * The links between identical devices (NVLink, PCIe, ICI) that tensor- and pipeline-parallel
 * runs exchange activations over.
 *
 * @param bytesPerS         bandwidth of one device's links in one direction, all links together
 * @param achievedBytesPerS what collectives reach over them (nccl-tests' bus bandwidth): the links'
 *                          protocol headers and the library's synchronisation take the rest
 * @param latencyS          time from the start of a transfer to its first byte arriving
 * @param pjPerBit  energy of one bit sent from one device to another
 */
public record Interconnect(String name, Topology topology, double bytesPerS, double achievedBytesPerS, double latencyS,
                           double pjPerBit) {

    /** How the devices reach each other, which decides the collective algorithm. */
    public enum Topology {
        /** Every device reaches every other through a switch (NVSwitch): direct two-step collectives. */
        SWITCH,
        /** Each device reaches its two neighbours only: ring collectives. */
        RING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Topology parse(String text, String source, String field) {
            return Labels.parse(values(), Topology::label, text, "topology", source, field);
        }
    }

    public Interconnect {
        if (name == null || name.isBlank() || topology == null) {
            throw new IllegalArgumentException("an interconnect needs a name and a topology");
        }
        if (!(achievedBytesPerS > 0) || achievedBytesPerS > bytesPerS) {
            throw new IllegalArgumentException("interconnect " + name + ": achieved bandwidth must be positive and "
                    + "at most the links'");
        }
        if (!(bytesPerS > 0) || !(latencyS >= 0) || !(pjPerBit >= 0) || Double.isInfinite(bytesPerS)
                || Double.isInfinite(latencyS) || Double.isInfinite(pjPerBit)) {
            throw new IllegalArgumentException("interconnect " + name + ": bandwidth must be positive, latency and "
                    + "energy finite and >= 0");
        }
    }

    /** Links whose collectives reach their full bandwidth. */
    public Interconnect(String name, Topology topology, double bytesPerS, double latencyS, double pjPerBit) {
        this(name, topology, bytesPerS, bytesPerS, latencyS, pjPerBit);
    }
}
