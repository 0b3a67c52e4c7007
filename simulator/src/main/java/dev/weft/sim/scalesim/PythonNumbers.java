package dev.weft.sim.scalesim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers written as SCALE-Sim's Python writes them ({@code str()} of a float): the shortest
 * decimal that reads back as the same double, positional from 1e-4 to below 1e16 (with ".0"
 * when whole), scientific outside ("1e-05", "1.5e+16"). Java 17's {@code Double.toString}
 * differs: it writes "1.0E-5" and, for some doubles, more digits than the shortest.
 */
final class PythonNumbers {
    private PythonNumbers() {
    }

    /** Python's {@code a / b} of two integers: the double nearest the exact quotient. */
    static double divide(long a, long b) {
        long exact = 1L << 53;
        if (Math.abs(a) <= exact && Math.abs(b) <= exact) {
            return (double) a / b;
        }
        return new BigDecimal(a).divide(new BigDecimal(b), new MathContext(40, RoundingMode.HALF_EVEN)).doubleValue();
    }

    static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                shortest = rounded;
                break;
            }
        }
        String sign = shortest.signum() < 0 ? "-" : "";
        BigDecimal magnitude = shortest.abs().stripTrailingZeros();
        String digits = magnitude.unscaledValue().toString();
        // value = 0.digits x 10^point
        int point = digits.length() - magnitude.scale();
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }
}
