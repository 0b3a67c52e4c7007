package dev.weft.fusion;

/**
 * DRAM traffic that no schedule of an attention core can go below, for a buffer of
 * {@code capacityBytes}, per {@link FlashAttention.Shape} (all instances together).
 *
 * <ul>
 *   <li><b>compulsory</b>: every query, key and value read once and the output written once;
 *       a lower bound for any algorithm and any buffer.</li>
 *   <li><b>Saha and Ye</b> (ICML 2024, "I/O Complexity of Attention, or How Optimal is
 *       FlashAttention?", PMLR 235; arXiv 2402.07443), abstract: FlashAttention computes attention
 *       with {@code N^2 d^2 / M} I/O operations, and "an I/O complexity lower bound that matches the
 *       upper bound provided by FlashAttention for any values of M >= d^2 within any constant
 *       factors"; for {@code M < d^2} the problem is that of the rectangular matrix product,
 *       {@code Theta(N^2 d / sqrt(M))}. The abstract fixes no constant: Weft takes 1, so this term
 *       is the order of the bound, not a proven floor. {@code M} counts elements of the inputs'
 *       type, and a query block may be as large as the query rows ({@code N} is the query rows
 *       times the keys, not assumed square).</li>
 *   <li><b>Hong and Kung</b> (STOC 1981): a product of {@code n x n} matrices with {@code S} words of
 *       fast memory needs {@code Omega(n^3 / sqrt(S))} I/O; for the score product
 *       {@code [rows x d] x [d x keys]}, {@code rows x keys x d / sqrt(S)} elements, constant 1
 *       again. It is what the unfused score product alone cannot beat.</li>
 * </ul>
 */
public final class AttentionBound {
    private AttentionBound() {
    }

    /** The bound's terms for one buffer size, in bytes. */
    public record Terms(double compulsoryBytes, double sahaYeBytes, double hongKungScoresBytes) {
        /** The larger of the compulsory traffic and the Saha-Ye order term. */
        public double lowerBoundBytes() {
            return Math.max(compulsoryBytes, sahaYeBytes);
        }
    }

    public static Terms of(FlashAttention.Shape s, double capacityBytes) {
        double element = s.qBytes();
        double words = capacityBytes / element;
        double rows = s.rows();
        double keys = s.keys();
        double d = s.headDim();
        double n = s.instances();
        double compulsory = n * d * (rows * s.qBytes() + keys * (s.kBytes() + s.vBytes()) + rows * s.outBytes());
        double product = rows * keys * d;
        double sahaYe = n * element * (words >= d * d ? product * d / words : product / Math.sqrt(words));
        double hongKung = n * element * product / Math.sqrt(words);
        return new Terms(compulsory, sahaYe, hongKung);
    }
}
