package dev.weft.sim;

import dev.weft.schedule.GemmTile;
import java.util.Objects;
import java.util.Set;

/**
 * One contraction to simulate: {@code batch} independent GEMMs {@code O[m,n] += A[m,k] * B[k,n]}
 * cut into buffer tiles, visited in a DRAM loop order.
 *
 * @param problem     whole GEMM extents
 * @param tile        the buffer tile (double-buffered on chip)
 * @param order       the DRAM-level loops over tiles, outermost first, e.g. {@code nmk}
 * @param ifmapBytes  bytes of one A element
 * @param filterBytes bytes B takes per dense element: stored fraction times (value + index metadata)
 * @param ofmapBytes  bytes of one finished output element (partial sums are {@value #PSUM_BYTES} bytes)
 * @param stepping    reduction steps the array takes for k reduced elements
 * @param density     fraction of the dense products that do useful work, for utilization
 * @param onChip      tensors a fusion group keeps in the buffer: an operand already there is never loaded
 *                    from DRAM, a finished output stays there (partial sums of a revisited output still spill)
 */
public record GemmJob(String name, GemmTile problem, long batch, GemmTile tile, String order, double ifmapBytes,
                      double filterBytes, double ofmapBytes, Stepping stepping, double density, Set<Tensor> onChip) {

    /** Partial sums are held at 32 bits, as in the mapper and the RTL. */
    public static final double PSUM_BYTES = 4;

    public GemmJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(tile, "tile");
        Objects.requireNonNull(stepping, "stepping");
        onChip = Set.copyOf(onChip);
        if (batch <= 0) {
            throw new IllegalArgumentException(name + ": batch must be positive, was " + batch);
        }
        if (order == null || order.length() != 3 || order.indexOf('m') < 0 || order.indexOf('n') < 0
                || order.indexOf('k') < 0) {
            throw new IllegalArgumentException(name + ": loop order must be a permutation of m, n, k, was " + order);
        }
        for (char dim : new char[] {'m', 'n', 'k'}) {
            if (tile.get(dim) > problem.get(dim)) {
                throw new IllegalArgumentException(name + ": tile " + dim + "=" + tile.get(dim)
                        + " exceeds the problem's " + problem.get(dim));
            }
        }
        if (!(ifmapBytes > 0) || !(filterBytes > 0) || !(ofmapBytes > 0)) {
            throw new IllegalArgumentException(name + ": element sizes must be positive");
        }
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException(name + ": density must be in (0, 1], was " + density);
        }
    }

    /** A job whose tensors all live in DRAM, as an operator on its own runs. */
    public GemmJob(String name, GemmTile problem, long batch, GemmTile tile, String order, double ifmapBytes,
                   double filterBytes, double ofmapBytes, Stepping stepping, double density) {
        this(name, problem, batch, tile, order, ifmapBytes, filterBytes, ofmapBytes, stepping, density, Set.of());
    }

    /** This job with {@code tensors} kept in the buffer by its fusion group. */
    public GemmJob withOnChip(Set<Tensor> tensors) {
        return new GemmJob(name, problem, batch, tile, order, ifmapBytes, filterBytes, ofmapBytes, stepping, density,
                tensors);
    }

    /** A dense GEMM with one-byte operands and outputs, as SCALE-Sim counts words. */
    public static GemmJob dense(String name, GemmTile problem, GemmTile tile, String order) {
        return new GemmJob(name, problem, 1, tile, order, 1, 1, 1, Stepping.DENSE, 1);
    }

    /** Bytes a tensor's tile occupies, double-buffered: one copy in use, one loading. */
    public double footprintBytes(Tensor tensor) {
        return 2 * switch (tensor) {
            case IFMAP -> tile.m() * tile.k() * ifmapBytes;
            case FILTER -> tile.k() * tile.n() * filterBytes;
            case OFMAP -> tile.m() * tile.n() * PSUM_BYTES;
        };
    }

    /** Useful multiply-accumulates of the whole job (zeros skipped). */
    public double usefulMacs() {
        return batch * (double) problem.m() * problem.n() * problem.k() * density;
    }

    /** Throws when the job's double-buffered tiles do not fit the memory's SRAM. */
    public void requireFits(MemorySpec memory) {
        if (memory.isShared()) {
            double total = footprintBytes(Tensor.IFMAP) + footprintBytes(Tensor.FILTER) + footprintBytes(Tensor.OFMAP);
            if (total > memory.sharedBytes()) {
                throw new IllegalArgumentException(name + ": tile " + tile + " needs " + (long) Math.ceil(total)
                        + " bytes double-buffered but the buffer holds " + memory.sharedBytes());
            }
            return;
        }
        for (Tensor tensor : Tensor.values()) {
            if (footprintBytes(tensor) > memory.sramBytes(tensor)) {
                throw new IllegalArgumentException(name + ": the " + tensor.label() + " tile of " + tile + " needs "
                        + (long) Math.ceil(footprintBytes(tensor)) + " bytes double-buffered but its SRAM holds "
                        + memory.sramBytes(tensor));
            }
        }
    }
}
