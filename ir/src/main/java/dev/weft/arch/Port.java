package dev.weft.arch;

import dev.weft.io.Labels;
import java.util.Locale;
import java.util.Set;

/**
 * One port of a memory instance: which way data goes through it, how wide it is and which
 * operands use it.
 *
 * @param bitsPerCycle the widest access, one per cycle; energies are quoted per access this wide
 * @param minBits      the narrowest access: a transfer is rounded up to a multiple of it
 * @param serves       the operands whose data goes through this port
 */
public record Port(Direction direction, double bitsPerCycle, double minBits, Set<Operand> serves) {

    /** Reads leave a memory, writes enter it; a read-write port takes both in turn. */
    public enum Direction {
        READ, WRITE, READ_WRITE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Direction parse(String text, String source, String field) {
            return Labels.parse(values(), Direction::label, text, "port kind", source, field);
        }

        public boolean reads() {
            return this != WRITE;
        }

        public boolean writes() {
            return this != READ;
        }
    }

    public Port {
        serves = Set.copyOf(serves);
        if (direction == null) {
            throw new IllegalArgumentException("a port needs a direction");
        }
        if (!(bitsPerCycle > 0) || Double.isInfinite(bitsPerCycle) || !(minBits > 0) || minBits > bitsPerCycle) {
            throw new IllegalArgumentException("port widths must be positive, the narrowest at most the widest");
        }
        if (serves.isEmpty()) {
            throw new IllegalArgumentException("a port serves at least one operand");
        }
    }

    /** Whether {@code operand}'s data moves through this port in the given direction. */
    public boolean carries(Operand operand, boolean read) {
        return serves.contains(operand) && (read ? direction.reads() : direction.writes());
    }

    /**
     * Full-width accesses charged for one transfer of {@code bits}: rounded up to the narrowest
     * access, then counted in widest accesses, as ZigZag charges them.
     */
    public double accesses(double bits) {
        if (bits <= 0) {
            return 0;
        }
        return Math.ceil(bits / minBits - 1e-9) * minBits / bitsPerCycle;
    }
}
