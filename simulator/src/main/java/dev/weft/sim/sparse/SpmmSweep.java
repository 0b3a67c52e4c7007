package dev.weft.sim.sparse;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.PeKind;
import dev.weft.arch.StorageLevel;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.GemmTile;
import dev.weft.sim.ArraySpec;
import dev.weft.sim.FastSimulator;
import dev.weft.sim.GemmJob;
import dev.weft.sim.GemmResult;
import dev.weft.sim.Level;
import dev.weft.sim.MemorySpec;
import dev.weft.sim.Stepping;
import dev.weft.sim.Tensor;
import dev.weft.sim.TileChooser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sparse-weight GEMM throughput on an architecture's first array, by weight density, against
 * the dense GEMM of the same shape, both simulated (int8 operands, int8 outputs).
 *
 * <p>Formats: {@code csr} stores each non-zero with a 16-bit index and lets the array skip
 * reduction rows that are zero across a fold ({@link Stepping.RowSkip}); {@code N:M} stores N
 * values per group of M with log2(M)-bit indices and, on a zero-skipping N:M array of the same
 * N:M, steps through N of every M reductions whatever their values; a density above N/M cannot
 * be stored as N:M and is reported as such. Index metadata is read from DRAM with the values.
 */
public final class SpmmSweep {
    private SpmmSweep() {
    }

    /**
     * One density's result.
     *
     * @param representable whether the weights can be stored in the format at this density
     * @param metadataBytes index bytes read from DRAM
     */
    public record Point(String format, double density, boolean representable, long cycles, long stallCycles,
                        double usefulMacs, double effectiveGmacPerS, double denseGmacPerS, double throughputVsDense,
                        double utilization, double metadataBytes, String tile) {

        /** Dense cycles over these cycles: the useful-work ratio divided by the density. */
        public double timeSpeedup() {
            return throughputVsDense / density;
        }
    }

    public static List<Point> run(Architecture arch, GemmTile shape, String format, List<Double> densities,
                                  long dramLatencyCycles) {
        ComputeArray array = arch.arrays().get(0);
        ArraySpec spec = ArraySpec.of(array);
        StorageLevel buffer = arch.onChipLevels().stream().filter(l -> !l.perPe()).reduce((a, b) -> b).orElseThrow();
        MemorySpec memory = MemorySpec.shared(arch.dram().bandwidthBytesPerCycle(), dramLatencyCycles, buffer.sizeBytes());
        double seconds = arch.cycleSeconds();
        GemmJob denseTile = TileChooser.choose("dense", shape, 1, spec, memory);
        GemmResult dense = FastSimulator.run(denseTile, spec, memory);
        double macs = (double) shape.m() * shape.n() * shape.k();
        double denseRate = macs / (dense.cycles() * seconds) / 1e9;
        List<Point> points = new ArrayList<>();
        for (double density : densities) {
            int[] nm = parseNm(format);
            if (nm != null && density > (double) nm[0] / nm[1] + 1e-12) {
                points.add(new Point(format, density, false, 0, 0, 0, 0, denseRate, 0, 0, 0, "-"));
                continue;
            }
            double metaBits;
            double storedFraction;
            Stepping stepping;
            if (nm == null) {
                // CSR keeps its 16-bit column indices even when nothing is zero
                metaBits = 16;
                storedFraction = density;
                stepping = new Stepping.RowSkip(density, array.cols());
            } else {
                metaBits = Math.ceil(Math.log(nm[1]) / Math.log(2));
                storedFraction = (double) nm[0] / nm[1];
                stepping = array.pe() instanceof PeKind.SparseNM s && s.n() == nm[0] && s.m() == nm[1]
                        ? new Stepping.NM(nm[0], nm[1]) : Stepping.DENSE;
            }
            double filterBytes = storedFraction * (8 + metaBits) / 8;
            GemmJob fitted = TileChooser.choose("spmm", shape, 1, filterBytes, stepping, density, spec, memory);
            GemmResult result = FastSimulator.run(fitted, spec, memory);
            double useful = macs * density;
            double rate = useful / (result.cycles() * seconds) / 1e9;
            double meta = result.accesses().readBytes(Level.DRAM, Tensor.FILTER) * metaBits / (8 + metaBits);
            points.add(new Point(format, density, true, result.cycles(), result.stallCycles(), useful, rate, denseRate,
                    rate / denseRate, result.utilization(spec), meta,
                    fitted.tile().m() + "x" + fitted.tile().n() + "x" + fitted.tile().k() + " " + fitted.order()));
        }
        return points;
    }

    /** {@code {n, m}} for an N:M format, null for csr. */
    static int[] parseNm(String format) {
        String text = format.trim().toLowerCase(Locale.ROOT);
        if (text.equals("csr")) {
            return null;
        }
        String[] parts = text.split(":");
        if (parts.length == 2) {
            try {
                int n = Integer.parseInt(parts[0]);
                int m = Integer.parseInt(parts[1]);
                if (n > 0 && n < m) {
                    return new int[] {n, m};
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new WeftInputException("--format", null, "unknown sparse format '" + format + "'", "use csr, 2:4 or 1:4");
    }
}
