package dev.weft.cost;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.arch.Operand;
import dev.weft.arch.PeKind;
import dev.weft.arch.RegisterNeed;
import dev.weft.arch.StorageLevel;
import dev.weft.arch.SystolicTiming;
import dev.weft.mapper.GemmView;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.StorageFormat;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytic cost of a GEMM view on a systolic array, tiled once in the on-chip buffer.
 *
 * <p>Compute time of a tile is {@link SystolicTiming}'s, the contract the simulator and the
 * RTL share. Edge tiles are counted at their true sizes. Transfers overlap compute (the buffer is double-buffered), so an
 * operator takes the longest of compute and each level's transfer time, plus the first
 * tile's load and the last output tile's write-back, which nothing hides.
 *
 * <p>Reuse across buffer tiles follows the DRAM-level loop order: a tensor's tile is
 * fetched again each time a loop that indexes it advances, and kept while the loops inside
 * it do not index it. Partial sums are 32-bit; they go back to DRAM only when the
 * reduction loop is not innermost of the loops that index the output.
 */
public final class ArrayCostModel {
    /** Partial sums are held at 32 bits (int32 for integer arrays, fp32 for float ones). */
    static final double ACCUMULATOR_BYTES = 4;

    private final Architecture arch;
    private final StorageLevel buffer;

    public ArrayCostModel(Architecture arch) {
        this.arch = arch;
        this.buffer = TileBuffer.of(arch);
    }

    public StorageLevel buffer() {
        return buffer;
    }

    /** Bytes of the buffer a tile occupies, double-buffered (one tile in use, one loading). */
    public static double footprintBytes(GemmView view, GemmTile tile) {
        double a = tile.m() * tile.k() * bytesOf(view.a().dtype().bits(), StorageFormat.DENSE);
        double b = tile.k() * tile.n() * bytesOf(view.b().dtype().bits(), view.b().format());
        double out = tile.m() * tile.n() * ACCUMULATOR_BYTES;
        return 2 * (a + b + out);
    }

    private static double bytesOf(int bits, StorageFormat format) {
        return format.density() * (bits + format.metadataBitsPerNonzero()) / 8.0;
    }

    /** Reduction length the array actually steps through for {@code k} reduced elements. */
    static long arrayReduction(GemmView view, ComputeArray array, long k) {
        PeKind pe = array.pe();
        if (pe instanceof PeKind.SparseNM sparse && view.b().format() instanceof StorageFormat.NM nm
                && nm.n() == sparse.n() && nm.m() == sparse.m()) {
            return ceilDiv(k * nm.n(), nm.m());
        }
        if (pe instanceof PeKind.XnorPopcount xnor) {
            // bit-serial: one word of codes against one bit plane of the other operand per action
            return ceilDiv(k, xnor.wordBits()) * view.b().dtype().bits();
        }
        return k;
    }

    public OperatorCost evaluate(GemmView view, ComputeArray array, GemmTile tile, String dramOrder) {
        GemmTile whole = view.problem();
        long batch = view.batch();
        double pace = registerPace(arch, array);
        int rows = array.rows();
        int cols = array.cols();
        double aBytes = bytesOf(view.a().dtype().bits(), StorageFormat.DENSE);
        double bBytes = bytesOf(view.b().dtype().bits(), view.b().format());
        double outBytes = bytesOf(view.out().dtype().bits(), StorageFormat.DENSE);

        long computeCycles = 0;
        double bufferReadsA = 0;
        double bufferReadsB = 0;
        double bufferReadsPsum = 0;
        double bufferWritesPsum = 0;
        double arrayOps = 0;
        double shadowWords = 0;
        for (Edge m : edges(whole.m(), tile.m())) {
            for (Edge n : edges(whole.n(), tile.n())) {
                for (Edge k : edges(whole.k(), tile.k())) {
                    long tiles = m.count() * n.count() * k.count();
                    long kk = arrayReduction(view, array, k.size());
                    computeCycles += tiles * foldCycles(array, pace, m.size(), n.size(), kk);
                    arrayOps += (double) tiles * m.size() * n.size() * kk;
                    shadowWords += (double) tiles * shadowWords(array, n.size(), kk);
                    Reads reads = bufferReads(array.dataflow(), rows, cols, m.size(), n.size(), k.size(), kk);
                    bufferReadsA += tiles * reads.a() * aBytes;
                    bufferReadsB += tiles * reads.b() * bBytes;
                    bufferReadsPsum += tiles * reads.psum() * ACCUMULATOR_BYTES;
                    bufferWritesPsum += tiles * reads.psumWrites() * ACCUMULATOR_BYTES;
                }
            }
        }
        long tilesM = tile.count(whole, 'm');
        long tilesN = tile.count(whole, 'n');
        long tilesK = tile.count(whole, 'k');
        // accumulating into an output tile kept in the buffer across reduction tiles
        bufferReadsPsum += (tilesK - 1) * (double) whole.m() * whole.n() * ACCUMULATOR_BYTES;

        // DRAM bytes per batch copy: each operand read, partial sums read back and written out, outputs written
        double repeatsOut = fills(dramOrder, "mn", tile, whole) / (double) (tilesM * tilesN);
        OperandReads operandReads = operandReads(view, tile, dramOrder);
        double outputElements = (double) whole.m() * whole.n();
        double psumRereads = repeatsOut > 1 ? (repeatsOut - 1) * outputElements * ACCUMULATOR_BYTES : 0;
        Map<Operand, LevelTraffic> dram = new EnumMap<>(Operand.class);
        dram.put(Operand.INPUT, new LevelTraffic(operandReads.aBytes() / batch, 0));
        dram.put(Operand.WEIGHT, new LevelTraffic(operandReads.bBytes() / batch, 0));
        dram.put(Operand.OUTPUT, new LevelTraffic(psumRereads, psumRereads + outputElements * outBytes));

        Map<String, Map<Operand, LevelTraffic>> operandTraffic = new LinkedHashMap<>();
        operandTraffic.put(arch.dram().name(), perOperand(batch, dram));
        for (StorageLevel level : arch.onChipLevels()) {
            Map<Operand, LevelTraffic> moved = new EnumMap<>(Operand.class);
            if (level.perPe()) {
                // one register read of each operand and one accumulator write per action; shadow weights once each way
                double wordBytes = level.wordBytes();
                moved.put(Operand.INPUT, new LevelTraffic(arrayOps * wordBytes, 0));
                moved.put(Operand.WEIGHT, new LevelTraffic((arrayOps + shadowWords) * wordBytes, shadowWords * wordBytes));
                moved.put(Operand.OUTPUT, new LevelTraffic(0, arrayOps * wordBytes));
            } else if (level == buffer) {
                // the array's reads, and everything fetched from DRAM lands here, everything written back leaves here
                moved.put(Operand.INPUT, new LevelTraffic(bufferReadsA, dram.get(Operand.INPUT).readBytes()));
                moved.put(Operand.WEIGHT, new LevelTraffic(bufferReadsB, dram.get(Operand.WEIGHT).readBytes()));
                moved.put(Operand.OUTPUT, new LevelTraffic(bufferReadsPsum + dram.get(Operand.OUTPUT).writeBytes(),
                        bufferWritesPsum + dram.get(Operand.OUTPUT).readBytes()));
            } else {
                // a staging level between DRAM and the tile buffer passes DRAM's traffic through
                dram.forEach((operand, bytes) -> moved.put(operand,
                        new LevelTraffic(bytes.totalBytes(), bytes.totalBytes())));
            }
            operandTraffic.put(level.name(), perOperand(batch, moved));
        }
        Map<String, LevelTraffic> traffic = LevelTraffic.totals(operandTraffic);
        long totalCompute = batch * computeCycles;
        Map<String, Long> levelCycles = TileBuffer.transferCycles(arch, traffic);
        long dramCycles = levelCycles.getOrDefault(arch.dram().name(), 0L);
        long onChipCycles = levelCycles.entrySet().stream().filter(e -> !e.getKey().equals(arch.dram().name()))
                .mapToLong(Map.Entry::getValue).max().orElse(0);
        long pipelined = batch * pipelinedCycles(view, array, pace, tile, dramOrder, dramCycles / (double) batch,
                aBytes, bBytes, outBytes);
        long busiest = Math.max(Math.max(totalCompute, pipelined), Math.max(dramCycles, onChipCycles));
        double useful = batch * (double) whole.m() * whole.n() * whole.k() * view.density();
        if (array.pe() instanceof PeKind.XnorPopcount) {
            useful = batch * arrayOps;
        }
        return new OperatorCost(busiest + exposedCycles(arch, view, tile, true, true, true), totalCompute, levelCycles,
                operandTraffic, array.name(), batch * arrayOps, 0, array.pes(), useful, null,
                OperatorCost.counted(view.operator(), array.name(), batch * arrayOps, 0, operandTraffic));
    }

    /** One batch copy's traffic, all {@code batch} copies together. */
    private static Map<Operand, LevelTraffic> perOperand(long batch, Map<Operand, LevelTraffic> perCopy) {
        Map<Operand, LevelTraffic> all = new EnumMap<>(Operand.class);
        perCopy.forEach((operand, moved) -> all.put(operand,
                new LevelTraffic(batch * moved.readBytes(), batch * moved.writeBytes())));
        return all;
    }

    /**
     * Cycles nothing hides: the first tile's load of the operands that come from DRAM ({@code aFromDram},
     * {@code bFromDram}) and, when the output goes there ({@code outToDram}), the last output tile's
     * write-back, which starts after the last fold. Inside a fusion group an operand produced on chip
     * is already in the buffer and an output kept there is never written back.
     */
    public static long exposedCycles(Architecture arch, GemmView view, GemmTile tile, boolean aFromDram,
                                     boolean bFromDram, boolean outToDram) {
        GemmTile whole = view.problem();
        double firstTileBytes = (aFromDram ? Math.min(tile.m(), whole.m()) * Math.min(tile.k(), whole.k())
                * bytesOf(view.a().dtype().bits(), StorageFormat.DENSE) : 0)
                + (bFromDram ? Math.min(tile.k(), whole.k()) * Math.min(tile.n(), whole.n())
                * bytesOf(view.b().dtype().bits(), view.b().format()) : 0);
        double lastOutputBytes = outToDram ? Math.min(tile.m(), whole.m()) * Math.min(tile.n(), whole.n())
                * bytesOf(view.out().dtype().bits(), StorageFormat.DENSE) : 0;
        double bandwidth = arch.dram().bandwidthBytesPerCycle();
        return (long) Math.ceil(firstTileBytes / bandwidth) + (long) Math.ceil(lastOutputBytes / bandwidth);
    }

    /**
     * Compute and DRAM transfers overlapped one tile ahead (double buffering): step i takes
     * {@code max(compute_i, transfer_{i+1})}. The steps that alternate are those of the
     * innermost tiled loop, whose last tile may be narrower than the others; a narrow tile's
     * short compute cannot hide the next full tile's load, which a whole-operator
     * {@code max(compute, transfer)} would average away. The DRAM time is shared among steps
     * in proportion to the bytes of their tiles.
     */
    static long pipelinedCycles(GemmView view, ComputeArray array, double pace, GemmTile tile, String dramOrder,
                                double dramCycles, double aBytes, double bBytes, double outBytes) {
        GemmTile whole = view.problem();
        char inner = 0;
        for (char dim : dramOrder.toCharArray()) {
            if (tile.count(whole, dim) > 1) {
                inner = dim;
            }
        }
        if (inner == 0) {
            return 0;
        }
        List<Edge> ms = inner == 'm' ? List.of(new Edge(whole.m(), 1)) : edges(whole.m(), tile.m());
        List<Edge> ns = inner == 'n' ? List.of(new Edge(whole.n(), 1)) : edges(whole.n(), tile.n());
        List<Edge> ks = inner == 'k' ? List.of(new Edge(whole.k(), 1)) : edges(whole.k(), tile.k());
        List<Edge> steps = edges(whole.get(inner), tile.get(inner));
        // first pass: bytes of every step, to share the DRAM time among them
        double totalBytes = 0;
        for (Edge m : ms) {
            for (Edge n : ns) {
                for (Edge k : ks) {
                    for (Edge d : steps) {
                        totalBytes += m.count() * n.count() * k.count() * d.count()
                                * stepBytes(inner, d.size(), m.size(), n.size(), k.size(), aBytes, bBytes, outBytes);
                    }
                }
            }
        }
        double cyclesPerByte = dramCycles / totalBytes;
        long cycles = 0;
        for (Edge m : ms) {
            for (Edge n : ns) {
                for (Edge k : ks) {
                    long outer = m.count() * n.count() * k.count();
                    Edge full = steps.get(0);
                    Edge last = steps.get(steps.size() - 1);
                    long computeFull = stepCompute(view, array, pace, inner, full.size(), m.size(), n.size(), k.size());
                    double loadFull = cyclesPerByte
                            * stepBytes(inner, full.size(), m.size(), n.size(), k.size(), aBytes, bBytes, outBytes);
                    if (steps.size() == 1) {
                        cycles += outer * full.count() * (long) Math.ceil(Math.max(computeFull, loadFull));
                        continue;
                    }
                    long computeLast = stepCompute(view, array, pace, inner, last.size(), m.size(), n.size(), k.size());
                    double loadLast = cyclesPerByte
                            * stepBytes(inner, last.size(), m.size(), n.size(), k.size(), aBytes, bBytes, outBytes);
                    // full tiles followed by full tiles, the last full one by the edge, the edge by the next full
                    double perOuter = (full.count() - 1) * Math.max(computeFull, loadFull)
                            + Math.max(computeFull, loadLast) + Math.max(computeLast, loadFull);
                    cycles += outer * (long) Math.ceil(perOuter);
                }
            }
        }
        return cycles;
    }

    private static long stepCompute(GemmView view, ComputeArray array, double pace, char inner, long d, long m,
                                    long n, long k) {
        long mm = inner == 'm' ? d : m;
        long nn = inner == 'n' ? d : n;
        long kk = arrayReduction(view, array, inner == 'k' ? d : k);
        return foldCycles(array, pace, mm, nn, kk);
    }

    /**
     * How much slower than the fold contract the array runs: the bytes one action needs from
     * each per-PE register level ({@link RegisterNeed}) over the bytes per cycle it delivers, or
     * 1 where every level keeps up. Each PE has its own registers, so the shortfall of one is
     * the shortfall of all.
     */
    public static double registerPace(Architecture arch, ComputeArray array) {
        double need = RegisterNeed.of(array).bytesPerAction();
        return arch.onChipLevels().stream().filter(StorageLevel::perPe)
                .mapToDouble(level -> need / level.bandwidthBytesPerCycle()).reduce(1, Math::max);
    }

    /**
     * Register words a tile's weights cost in shadow registers: every stationary weight is written
     * into its PE's shadow once and read once by the swap, {@code kk x n} of them per tile.
     */
    public static double shadowWords(ComputeArray array, long n, long kk) {
        return array.weightDoubleBuffering() ? (double) kk * n : 0;
    }

    /** A tile's compute cycles: the fold contract's, stretched by a register slower than an action needs. */
    private static long foldCycles(ComputeArray array, double pace, long m, long n, long kk) {
        long contract = SystolicTiming.tileCycles(array, m, n, kk);
        return pace == 1 ? contract : (long) Math.ceil(contract * pace);
    }

    private static double stepBytes(char inner, long d, long m, long n, long k, double aBytes, double bBytes,
                                    double outBytes) {
        long mm = inner == 'm' ? d : m;
        long nn = inner == 'n' ? d : n;
        long kk = inner == 'k' ? d : k;
        return mm * kk * aBytes + kk * nn * bBytes + mm * nn * outBytes;
    }

    /** DRAM bytes read for each operand of a contraction, all its batch copies together. */
    public record OperandReads(double aBytes, double bBytes) {
    }

    /**
     * What each operand costs in DRAM reads under a buffer tile and loop order: its tile is
     * fetched again each time a loop that indexes it advances outside the loops that do not.
     */
    public static OperandReads operandReads(GemmView view, GemmTile tile, String dramOrder) {
        GemmTile whole = view.problem();
        double repeatsA = fills(dramOrder, "mk", tile, whole) / (double) (tile.count(whole, 'm') * tile.count(whole, 'k'));
        double repeatsB = fills(dramOrder, "nk", tile, whole) / (double) (tile.count(whole, 'n') * tile.count(whole, 'k'));
        double aBytes = bytesOf(view.a().dtype().bits(), StorageFormat.DENSE);
        double bBytes = bytesOf(view.b().dtype().bits(), view.b().format());
        return new OperandReads(view.batch() * repeatsA * whole.m() * whole.k() * aBytes,
                view.batch() * repeatsB * whole.k() * whole.n() * bBytes);
    }

    /** Number of times the tile of a tensor indexed by {@code relevant} is fetched from DRAM. */
    static long fills(String order, String relevant, GemmTile tile, GemmTile whole) {
        int innermost = -1;
        for (int i = 0; i < order.length(); i++) {
            if (relevant.indexOf(order.charAt(i)) >= 0) {
                innermost = i;
            }
        }
        long product = 1;
        for (int i = 0; i <= innermost; i++) {
            product *= tile.count(whole, order.charAt(i));
        }
        return product;
    }

    /** The tiles along one dimension: {@code count} tiles of {@code size}. */
    record Edge(long size, long count) {
    }

    static List<Edge> edges(long whole, long tile) {
        long full = whole / tile;
        long rest = whole % tile;
        if (full == 0) {
            return List.of(new Edge(rest, 1));
        }
        return rest == 0 ? List.of(new Edge(tile, full)) : List.of(new Edge(tile, full), new Edge(rest, 1));
    }

    /** Elements the array reads from (and partial sums it writes to) the buffer for one tile. */
    record Reads(double a, double b, double psum, double psumWrites) {
    }

    static Reads bufferReads(Dataflow dataflow, int rows, int cols, long m, long n, long k, long kk) {
        double mk = (double) m * k;
        double kn = (double) k * n;
        double mn = (double) m * n;
        return switch (dataflow) {
            // weights once into the PEs; inputs once per column fold; partial sums per row fold
            case WS -> new Reads(mk * ceilDiv(n, cols), kn, mn * (ceilDiv(kk, rows) - 1), mn * ceilDiv(kk, rows));
            // outputs accumulate in place; both operands stream once per fold of the other
            case OS -> new Reads(mk * ceilDiv(n, cols), kn * ceilDiv(m, rows), 0, mn);
            case IS -> new Reads(mk, kn * ceilDiv(m, cols), mn * (ceilDiv(kk, rows) - 1), mn * ceilDiv(kk, rows));
        };
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
