package dev.weft.arch;

/**
 * What one PE of a systolic array asks of each per-PE register level: the bytes it
 * keeps during a fold, which the level's size must hold, and the bytes one action reads and
 * writes there, which the level's bandwidth must deliver per cycle for the array to keep the
 * fold contract's pace.
 *
 * <p>The rule, the same for the three dataflows of the fold contract: a PE keeps one element of
 * each operand and one partial sum ({@link Hierarchy#V1_PSUM_BITS} bits). Whichever operand the
 * dataflow keeps in place (WS: the weight; OS: the partial sum; IS: the input), the other
 * passes through one element per cycle, and the stationary one is loaded between folds (the
 * {@code 2R} of a fold's cycles), so it needs no second copy. An action reads one element of
 * each operand and reads and writes the partial sum. Operands are held at the PE's own width:
 * narrower integers are sign-extended into it. An N:M PE keeps its N non-zero weights with their
 * indices and the M inputs it selects from, which arrive at M/N per action; an XNOR-popcount PE
 * keeps and reads a word of codes per operand. A double-buffered weight-stationary PE keeps a
 * second copy of its weights in shadow flip-flops of their own, loaded by a shift chain beside
 * the data path: they add to the bytes kept, not to what an action reads and writes.
 *
 * @param bytes          bytes a PE keeps during a fold
 * @param bytesPerAction bytes one action reads and writes
 * @param contents       what those bytes are, for the complaint about a register too small
 */
public record RegisterNeed(double bytes, double bytesPerAction, String contents) {
    private static final double PSUM_BYTES = Hierarchy.V1_PSUM_BITS / 8.0;

    /** What a PE of {@code array} keeps and moves, its shadow weights included. */
    public static RegisterNeed of(ComputeArray array) {
        RegisterNeed need = of(array.pe());
        if (!array.weightDoubleBuffering()) {
            return need;
        }
        double weightBytes = switch (array.pe().kind()) {
            case MAC -> array.pe().dtype().bits() / 8.0;
            case XNOR_POPCOUNT -> ((PeKind.XnorPopcount) array.pe()).wordBits() / 8.0;
            case SPARSE_NM -> {
                PeKind.SparseNM sparse = (PeKind.SparseNM) array.pe();
                yield sparse.n() * (array.pe().dtype().bits() + 32 - Integer.numberOfLeadingZeros(sparse.m() - 1)) / 8.0;
            }
        };
        return new RegisterNeed(need.bytes() + weightBytes, need.bytesPerAction(),
                need.contents() + ", and a shadow copy of its weights");
    }

    public static RegisterNeed of(PeKind pe) {
        String psum = " and a " + Hierarchy.V1_PSUM_BITS + "-bit partial sum";
        return switch (pe.kind()) {
            case MAC -> {
                double operand = pe.dtype().bits() / 8.0;
                yield new RegisterNeed(2 * operand + PSUM_BYTES, 2 * operand + 2 * PSUM_BYTES,
                        "one " + pe.dtype().label() + " element of each operand" + psum);
            }
            case XNOR_POPCOUNT -> {
                int wordBits = ((PeKind.XnorPopcount) pe).wordBits();
                yield new RegisterNeed(2 * wordBits / 8.0 + PSUM_BYTES, 2 * wordBits / 8.0 + 2 * PSUM_BYTES,
                        "a " + wordBits + "-bit code word of each operand" + psum);
            }
            case SPARSE_NM -> {
                PeKind.SparseNM sparse = (PeKind.SparseNM) pe;
                double operand = pe.dtype().bits() / 8.0;
                double indexBytes = sparse.n() * (32 - Integer.numberOfLeadingZeros(sparse.m() - 1)) / 8.0;
                // weight, inputs arriving at M per N actions, the selected input
                double perAction = operand + operand * sparse.m() / sparse.n() + operand + 2 * PSUM_BYTES;
                yield new RegisterNeed(sparse.n() * operand + indexBytes + sparse.m() * operand + PSUM_BYTES,
                        perAction, sparse.n() + " " + pe.dtype().label() + " non-zero weights with their indices, "
                                + sparse.m() + " " + pe.dtype().label() + " inputs" + psum);
            }
        };
    }

    /** Whole bytes of register the rule asks for. */
    public long wholeBytes() {
        return (long) Math.ceil(bytes);
    }
}
