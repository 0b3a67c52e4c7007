package dev.weft.cost;

/** Bytes read from and written to one storage level by one operator. */
public record LevelTraffic(double readBytes, double writeBytes) {
    public static final LevelTraffic NONE = new LevelTraffic(0, 0);

    public LevelTraffic plus(LevelTraffic other) {
        return new LevelTraffic(readBytes + other.readBytes, writeBytes + other.writeBytes);
    }

    public double totalBytes() {
        return readBytes + writeBytes;
    }
}
