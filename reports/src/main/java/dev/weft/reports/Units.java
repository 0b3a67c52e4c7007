package dev.weft.reports;

import java.util.Locale;

/** Formats figures for people with a unit and a sensible scale (pJ..J, ns..s, k..T). */
public final class Units {
    private static final String[] ENERGY = {"pJ", "nJ", "uJ", "mJ", "J"};
    private static final String[] COUNT = {"", "k", "M", "G", "T", "P"};
    private static final String[] BYTES = {"B", "KB", "MB", "GB", "TB"};

    private Units() {
    }

    public static String energyPj(double pj) {
        return scaled(pj, 1000, ENERGY);
    }

    public static String seconds(double seconds) {
        double abs = Math.abs(seconds);
        if (abs == 0) {
            return "0 s";
        }
        if (abs < 1e-6) {
            return format(seconds * 1e9) + " ns";
        }
        if (abs < 1e-3) {
            return format(seconds * 1e6) + " us";
        }
        if (abs < 1) {
            return format(seconds * 1e3) + " ms";
        }
        return format(seconds) + " s";
    }

    /** A plain count with a metric prefix, e.g. {@code 11.2 G}. */
    public static String count(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return scaled(value, 1000, COUNT).trim();
    }

    public static String bytes(double value) {
        return scaled(value, 1000, BYTES);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String scaled(double value, double step, String[] units) {
        int index = 0;
        double scaled = value;
        while (Math.abs(scaled) >= step && index < units.length - 1) {
            scaled /= step;
            index++;
        }
        return format(scaled) + " " + units[index];
    }

    private static String format(double value) {
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f", value);
    }
}
