package dev.weft.parallel;

import dev.weft.error.WeftInputException;

/**
 * How a model is split: {@code tp} devices share each layer, {@code pp} stages of consecutive
 * layers follow each other; {@code tp x pp} devices in all.
 */
public record Parallelism(int tp, int pp) {
    /** Devices Weft splits a model over at most: beyond the largest NVLink domains built. */
    public static final int MAX_DEVICES = 1 << 12;

    public Parallelism {
        if (tp < 1 || pp < 1 || (long) tp * pp > MAX_DEVICES) {
            throw new IllegalArgumentException("tp and pp must be at least 1, tp x pp at most " + MAX_DEVICES);
        }
    }

    public static Parallelism none() {
        return new Parallelism(1, 1);
    }

    public int devices() {
        return tp * pp;
    }

    /**
     * {@code tp=4,pp=2} (either may be left out, meaning 1) for {@code devices} devices.
     *
     * @param option the option the text came from, for messages
     */
    public static Parallelism parse(String text, int devices, String option) {
        int tp = 1;
        int pp = 1;
        if (text != null) {
            for (String part : text.split(",", -1)) {
                String[] pair = part.strip().split("=", -1);
                if (pair.length != 2 || !(pair[0].equals("tp") || pair[0].equals("pp"))) {
                    throw new WeftInputException(option, null, "'" + part.strip() + "' is not tp=N or pp=N",
                            "write e.g. --parallel tp=4,pp=2");
                }
                int value = count(pair[1], option, pair[0]);
                if (pair[0].equals("tp")) {
                    tp = value;
                } else {
                    pp = value;
                }
            }
        }
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new WeftInputException("--devices", null, "is " + devices + ", outside 1.." + MAX_DEVICES,
                    "give the number of identical devices");
        }
        if (text == null && devices > 1) {
            tp = devices;
        }
        if ((long) tp * pp != devices) {
            throw new WeftInputException(option, null, "tp=" + tp + " x pp=" + pp + " is " + (long) tp * pp
                    + " devices, but --devices is " + devices, "make tp x pp equal --devices");
        }
        return new Parallelism(tp, pp);
    }

    private static int count(String text, String option, String key) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WeftInputException(option, key, "'" + text + "' is not a whole number",
                    "write e.g. " + key + "=4");
        }
        int value = Integer.parseInt(digits);
        if (value < 1 || value > MAX_DEVICES) {
            throw new WeftInputException(option, key, "is " + value + ", outside 1.." + MAX_DEVICES,
                    "give at least 1 device");
        }
        return value;
    }
}
