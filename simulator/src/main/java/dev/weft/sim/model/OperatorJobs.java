package dev.weft.sim.model;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.PeKind;
import dev.weft.sim.GemmJob;
import dev.weft.sim.Stepping;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.workload.Operator;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorSpec;

/**
 * Turns a contraction and its schedule entry into a job for the simulator. The schedule
 * gives the GEMM view (extents, batch), the buffer tile and the DRAM loop order; the
 * operator gives the element types and the weight's storage format: A is the first operand,
 * B the second (the weight, which carries the sparsity), as the mapper reads them.
 */
public final class OperatorJobs {
    private OperatorJobs() {
    }

    public static ComputeArray array(Architecture arch, OperatorSchedule entry) {
        return arch.arrays().stream().filter(a -> a.name().equals(entry.unit())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(entry.operator() + ": schedule names array '"
                        + entry.unit() + "', which " + arch.name() + " does not have"));
    }

    public static GemmJob job(Operator operator, OperatorSchedule entry, ComputeArray array) {
        TensorSpec a = operator.operands().get(0);
        TensorSpec b = operator.operands().get(1);
        TensorSpec out = operator.output();
        StorageFormat format = b.format();
        double filterBytes = format.density() * (b.dtype().bits() + format.metadataBitsPerNonzero()) / 8.0;
        return new GemmJob(operator.name(), entry.problem(), entry.batch(), entry.bufferTile(),
                String.join("", entry.dramLoopOrder()), a.dtype().bits() / 8.0, filterBytes, out.dtype().bits() / 8.0,
                stepping(array.pe(), b), format.density());
    }

    /** Zero skipping needs a sparse PE whose N:M matches the weight's; binary runs bit-serially. */
    static Stepping stepping(PeKind pe, TensorSpec b) {
        if (pe instanceof PeKind.SparseNM sparse && b.format() instanceof StorageFormat.NM nm
                && nm.n() == sparse.n() && nm.m() == sparse.m()) {
            return new Stepping.NM(nm.n(), nm.m());
        }
        if (pe instanceof PeKind.XnorPopcount xnor) {
            return new Stepping.Xnor(xnor.wordBits(), b.dtype().bits());
        }
        return Stepping.DENSE;
    }
}
