package dev.weft.sim;

/**
 * The memory system around the array: DRAM with a bandwidth and a latency, and on-chip SRAM
 * that holds double-buffered tiles, either one buffer shared by the three tensors (the
 * architecture YAML's global buffer) or one SRAM per tensor (SCALE-Sim's ifmap, filter and
 * ofmap SRAMs).
 *
 * @param dramBytesPerCycle sustained DRAM bandwidth; one transfer of b bytes holds the channel
 *                          for ceil(b / bandwidth) cycles
 * @param dramLatencyCycles cycles from the end of a read transfer until its data can be used
 * @param sharedBytes       capacity of the shared buffer, or 0 when the tensors have SRAMs of their own
 * @param ifmapBytes        ifmap SRAM capacity when not shared
 * @param filterBytes       filter SRAM capacity when not shared
 * @param ofmapBytes        ofmap SRAM capacity when not shared
 */
public record MemorySpec(double dramBytesPerCycle, long dramLatencyCycles, long sharedBytes, long ifmapBytes,
                         long filterBytes, long ofmapBytes) {

    public MemorySpec {
        if (!(dramBytesPerCycle > 0) || Double.isInfinite(dramBytesPerCycle)) {
            throw new IllegalArgumentException("DRAM bandwidth must be positive, was " + dramBytesPerCycle);
        }
        if (dramLatencyCycles < 0) {
            throw new IllegalArgumentException("DRAM latency cannot be negative, was " + dramLatencyCycles);
        }
        if (sharedBytes < 0 || ifmapBytes < 0 || filterBytes < 0 || ofmapBytes < 0) {
            throw new IllegalArgumentException("SRAM sizes cannot be negative");
        }
    }

    public static MemorySpec shared(double dramBytesPerCycle, long dramLatencyCycles, long bufferBytes) {
        return new MemorySpec(dramBytesPerCycle, dramLatencyCycles, bufferBytes, 0, 0, 0);
    }

    public static MemorySpec perTensor(double dramBytesPerCycle, long dramLatencyCycles, long ifmapBytes,
                                       long filterBytes, long ofmapBytes) {
        return new MemorySpec(dramBytesPerCycle, dramLatencyCycles, 0, ifmapBytes, filterBytes, ofmapBytes);
    }

    public boolean isShared() {
        return sharedBytes > 0;
    }

    public long sramBytes(Tensor tensor) {
        return switch (tensor) {
            case IFMAP -> ifmapBytes;
            case FILTER -> filterBytes;
            case OFMAP -> ofmapBytes;
        };
    }

    /** Cycles one DRAM transfer of {@code bytes} holds the channel: the one rounding both engines share. */
    public long transferCycles(double bytes) {
        return bytes <= 0 ? 0 : (long) Math.ceil(bytes / dramBytesPerCycle);
    }
}
