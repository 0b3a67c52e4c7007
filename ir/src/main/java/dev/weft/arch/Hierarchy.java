package dev.weft.arch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code weft-arch/2} view of an accelerator below its vector unit: memories that each
 * keep some of the operands, and the spatial array they feed. Every operand finds its own
 * chain through the memories that hold it, outermost (DRAM) to innermost.
 *
 * @param memories      outermost first
 * @param precisionBits element width of each operand; {@code psumBits} for unfinished outputs
 */
public record Hierarchy(List<Memory> memories, SpatialArray array, Map<Operand, Integer> precisionBits,
                        int psumBits) {

    public Hierarchy {
        memories = List.copyOf(memories);
        precisionBits = Map.copyOf(precisionBits);
    }

    /**
     * A {@code weft-arch/1} machine as a hierarchy: every level holds every operand, shared
     * levels serve the whole array, per-PE registers serve one PE, and each level's one port
     * reads and writes at its bandwidth. Energies stay proportional to the bits moved.
     */
    public static Hierarchy fromV1(List<StorageLevel> levels, List<ComputeArray> arrays) {
        ComputeArray array = arrays.get(0);
        SpatialArray spatial = SpatialArray.systolic(array.name(), array.rows(), array.cols(), array.pe(),
                array.pjPerOp(), array.dataflow());
        List<String> all = List.of(SpatialArray.ROWS, SpatialArray.COLS);
        List<Memory> memories = levels.stream().map(level -> {
            double portBits = level.bandwidthBytesPerCycle() * 8;
            Port port = new Port(Port.Direction.READ_WRITE, portBits, Math.min(1, portBits),
                    java.util.EnumSet.allOf(Operand.class));
            double perAccess = portBits / level.wordBits();
            return new Memory(level.name(), level.kind(),
                    level.sizeBytes() > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : level.sizeBytes() * 8,
                    java.util.EnumSet.allOf(Operand.class), level.perPe() ? List.of() : all,
                    level.readPjPerWord() * perAccess, level.writePjPerWord() * perAccess, List.of(port), Map.of());
        }).toList();
        // An XNOR array beside multipliers runs only the binary codes a workload asks for.
        int bits = arrays.stream().map(ComputeArray::pe).filter(pe -> pe.kind() != PeKind.Kind.XNOR_POPCOUNT)
                .findFirst().orElse(array.pe()).dtype().bits();
        return new Hierarchy(memories, spatial,
                Map.of(Operand.INPUT, bits, Operand.WEIGHT, bits, Operand.OUTPUT, bits), V1_PSUM_BITS);
    }

    /** {@code weft-arch/1} arrays accumulate in 32 bits (int32 or fp32). */
    public static final int V1_PSUM_BITS = 32;

    /** The memories that hold {@code operand}, outermost first. */
    public List<Memory> chain(Operand operand) {
        return memories.stream().filter(m -> m.holds(operand)).toList();
    }

    /** Instances of {@code memory}: one per combination of the array dimensions it does not span. */
    public long instances(Memory memory) {
        Set<String> spans = spans(memory);
        long count = 1;
        for (ArrayDim dim : array.dims()) {
            if (!spans.contains(dim.name())) {
                count *= dim.size();
            }
        }
        return count;
    }

    /**
     * The array dimensions one instance of {@code memory} spans: those it serves and those any
     * memory inside it, on the chain of an operand it holds, serves; an outer instance never
     * feeds a fraction of an inner one. ZigZag counts the same (an array dimension is taken by
     * the innermost memory of each operand that serves it): ascend_like's DRAM serves D1 and D2
     * only, yet its inner memories serve D3 and D4, so there is one DRAM.
     */
    public Set<String> spans(Memory memory) {
        Set<String> spans = new java.util.HashSet<>(memory.served());
        for (Operand operand : Operand.values()) {
            List<Memory> chain = chain(operand);
            int at = chain.indexOf(memory);
            if (at >= 0) {
                chain.subList(at, chain.size()).forEach(inner -> spans.addAll(inner.served()));
            }
        }
        return Set.copyOf(spans);
    }

    /**
     * Bits of one element of {@code operand} in {@code memory}. A memory's own precision for
     * outputs is the width of the partial sums it accumulates; finished outputs always leave at
     * the output precision.
     */
    public int bits(Memory memory, Operand operand, boolean partial) {
        if (operand == Operand.OUTPUT) {
            return partial ? memory.precisionOf(operand).orElse(psumBits) : precisionBits.get(Operand.OUTPUT);
        }
        return memory.precisionOf(operand).orElse(precisionBits.get(operand));
    }
}
