package dev.weft.arch;

import java.util.Objects;

/**
 * One level of the memory hierarchy.
 *
 * @param name                   unique within the architecture, e.g. {@code GLB}
 * @param kind                   DRAM, SRAM or register
 * @param sizeBytes              capacity; {@link Long#MAX_VALUE} for DRAM given no size; per PE when {@code perPe}
 * @param perPe                  whether every PE has its own copy of this level (registers only)
 * @param wordBits               width of one access
 * @param bandwidthBytesPerCycle sustained bandwidth at this level's port; per PE when {@code perPe}
 * @param readPjPerWord          energy to read one word
 * @param writePjPerWord         energy to write one word
 */
public record StorageLevel(String name, StorageKind kind, long sizeBytes, boolean perPe, int wordBits,
                           double bandwidthBytesPerCycle, double readPjPerWord, double writePjPerWord) {

    public StorageLevel {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a storage level needs a name");
        }
        if (sizeBytes <= 0 || wordBits <= 0 || !(bandwidthBytesPerCycle > 0)
                || Double.isInfinite(bandwidthBytesPerCycle)) {
            throw new IllegalArgumentException("storage level " + name + ": size, word and bandwidth must be positive");
        }
        if (!(readPjPerWord >= 0) || !(writePjPerWord >= 0)
                || Double.isInfinite(readPjPerWord) || Double.isInfinite(writePjPerWord)) {
            throw new IllegalArgumentException("storage level " + name + ": energies must be finite and >= 0");
        }
        if (perPe && kind != StorageKind.REGISTER) {
            throw new IllegalArgumentException("storage level " + name + ": only registers can be per PE");
        }
    }

    /** Bytes moved by one access; a sub-byte word still occupies a whole byte lane. */
    public long wordBytes() {
        return (wordBits + 7) / 8;
    }

    /**
     * Read energy per byte of payload. Divides by the exact bit width rather than
     * {@link #wordBytes()} so that packed narrow words are not charged for padding.
     */
    public double readPjPerByte() {
        return readPjPerWord * 8.0 / wordBits;
    }

    public double writePjPerByte() {
        return writePjPerWord * 8.0 / wordBits;
    }
}
