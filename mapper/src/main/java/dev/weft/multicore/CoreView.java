package dev.weft.multicore;

import dev.weft.arch.Cores;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.Port;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One core's view of a many-core device while {@code active} cores work at once: its own
 * memories as they are, a fair share of each shared memory (capacity and every port divided
 * by the active cores), and the outermost memory made free and unbounded in bandwidth, because
 * the device accounts for it once for the whole wave ({@link WaveTraffic}).
 */
final class CoreView {
    /** Wide enough that the outermost memory never paces one core; its real pace is the wave's. */
    private static final double UNPACED_BITS = 1e9;

    private CoreView() {
    }

    static Hierarchy of(Hierarchy device, Cores cores, long active) {
        List<Memory> memories = new ArrayList<>();
        for (int i = 0; i < device.memories().size(); i++) {
            Memory memory = device.memories().get(i);
            if (i == 0) {
                memories.add(new Memory(memory.name(), memory.kind(), Long.MAX_VALUE, memory.holds(), memory.served(),
                        0, 0, memory.ports().stream().map(p -> new Port(p.direction(), UNPACED_BITS,
                        Math.min(p.minBits(), UNPACED_BITS), p.serves())).toList(), memory.precisionBits()));
            } else if (cores.sharedBy(memory)) {
                memories.add(new Memory(memory.name(), memory.kind(), Math.max(1, memory.sizeBits() / active),
                        memory.holds(), memory.served(), memory.readPj() / active, memory.writePj() / active, memory.ports().stream()
                        .map(p -> share(p, active)).toList(), memory.precisionBits()));
            } else {
                memories.add(memory);
            }
        }
        return new Hierarchy(memories, device.array(), device.precisionBits(), device.psumBits());
    }

    /**
     * The shared memories the outermost memory fills directly (the L2 under HBM). The device
     * fills them once per distinct panel a wave reads ({@link WaveTraffic}), however many cores
     * read it, so a core's view charges them no fills of inputs or weights of its own.
     */
    static Set<String> filledByWave(Hierarchy device, Cores cores) {
        Set<String> filled = new LinkedHashSet<>();
        for (Operand operand : List.of(Operand.INPUT, Operand.WEIGHT)) {
            List<Memory> chain = device.chain(operand);
            if (chain.size() > 1 && cores.sharedBy(chain.get(1))) {
                filled.add(chain.get(1).name());
            }
        }
        return filled;
    }

    /** A port's share; the memory's energy per access shrinks with it, so a bit costs what it did. */
    private static Port share(Port port, long active) {
        double bits = port.bitsPerCycle() / active;
        return new Port(port.direction(), bits, Math.min(port.minBits(), bits), port.serves());
    }
}
