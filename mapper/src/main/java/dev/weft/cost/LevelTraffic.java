package dev.weft.cost;

import dev.weft.arch.Operand;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bytes read from and written to one storage level by one operator (or by one of its operands). */
public record LevelTraffic(double readBytes, double writeBytes) {
    public static final LevelTraffic NONE = new LevelTraffic(0, 0);

    public LevelTraffic plus(LevelTraffic other) {
        return new LevelTraffic(readBytes + other.readBytes, writeBytes + other.writeBytes);
    }

    public double totalBytes() {
        return readBytes + writeBytes;
    }

    /** Each level's bytes, its operands' together: the one place per-operand traffic is summed. */
    public static Map<String, LevelTraffic> totals(Map<String, Map<Operand, LevelTraffic>> byOperand) {
        Map<String, LevelTraffic> totals = new LinkedHashMap<>();
        byOperand.forEach((level, moved) -> {
            double read = 0;
            double written = 0;
            for (LevelTraffic traffic : moved.values()) {
                read += traffic.readBytes;
                written += traffic.writeBytes;
            }
            totals.put(level, new LevelTraffic(read, written));
        });
        return totals;
    }
}
