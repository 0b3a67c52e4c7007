package dev.weft.arch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One memory of a {@code weft-arch/2} hierarchy: which operands it keeps, how big one
 * instance is, how it is accessed and which spatial dimensions one instance serves.
 *
 * @param sizeBits      capacity of one instance; {@link Long#MAX_VALUE} for unbounded DRAM
 * @param holds         the operands this memory keeps; the others bypass it
 * @param served        the array dimensions one instance serves: an input or weight word read
 *                      from it is broadcast along them, outputs arriving along them are summed
 *                      on the way (spatial reduction). The memory has one instance per
 *                      combination of the array dimensions it does not serve.
 * @param readPj        energy of one full-width read access through any of its ports
 * @param writePj       energy of one full-width write access
 * @param ports         each instance's ports
 * @param precisionBits per-operand element width kept in this memory where it differs from
 *                      the architecture's (e.g. 16-bit partial sums in PE registers)
 */
public record Memory(String name, StorageKind kind, long sizeBits, Set<Operand> holds, List<String> served,
                     double readPj, double writePj, List<Port> ports, Map<Operand, Integer> precisionBits) {

    public Memory {
        holds = Set.copyOf(holds);
        served = List.copyOf(served);
        ports = List.copyOf(ports);
        precisionBits = Map.copyOf(precisionBits);
        if (holds.isEmpty()) {
            throw new IllegalArgumentException("memory " + name + " holds no operand");
        }
        if (sizeBits <= 0) {
            throw new IllegalArgumentException("memory " + name + ": size must be positive");
        }
        for (Operand operand : holds) {
            for (boolean read : new boolean[] {true, false}) {
                if (ports.stream().noneMatch(p -> p.carries(operand, read))) {
                    throw new IllegalArgumentException("memory " + name + " has no port that "
                            + (read ? "reads " : "writes ") + operand.label());
                }
            }
        }
    }

    public boolean holds(Operand operand) {
        return holds.contains(operand);
    }

    public Optional<Integer> precisionOf(Operand operand) {
        return Optional.ofNullable(precisionBits.get(operand));
    }

    /** The ports that move {@code operand} out of ({@code read}) or into this memory. */
    public List<Port> portsFor(Operand operand, boolean read) {
        return ports.stream().filter(p -> p.carries(operand, read)).toList();
    }

    /** Accesses of one transfer of {@code bits} of {@code operand} at its first port's width. */
    public double portAccesses(Operand operand, boolean read, double bits) {
        return portsFor(operand, read).get(0).accesses(bits);
    }

    /** Energy of one transfer of {@code bits} of {@code operand}, priced at its first port's width. */
    public double transferPj(Operand operand, boolean read, double bits) {
        return portAccesses(operand, read, bits) * (read ? readPj : writePj);
    }

    /** Peak bits per cycle through all ports of one instance. */
    public double bitsPerCycle() {
        return ports.stream().mapToDouble(Port::bitsPerCycle).sum();
    }
}
