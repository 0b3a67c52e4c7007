package dev.weft.sim.scalesim;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SCALE-Sim topology CSV, first line a header. Convolution rows: name, IFMAP height,
 * IFMAP width, filter height, filter width, channels, filters, row stride and optionally column
 * stride; the layer runs as the im2col GEMM with M = output pixels ((H - R) / stride + 1 per
 * side), K = R x S x C, N = filters. GEMM rows ({@code --gemm-topology}): name, M, N, K.
 */
public final class Topology {
    /** Layers one topology may run: SCALE-Sim runs a depthwise row as one layer per channel. */
    static final int MAX_LAYERS = 65_536;

    private Topology() {
    }

    public static List<Layer> read(Path file, boolean gemm) {
        String source = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new WeftInputException(source, null, "cannot read: " + e.getMessage(), "give the path of a topology CSV");
        }
        List<Layer> layers = new ArrayList<>();
        int needed = gemm ? 4 : 8;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split(",", -1)) {
                if (!cell.isBlank()) {
                    cells.add(cell.strip());
                }
            }
            String where = "line " + (i + 1);
            if (cells.size() < needed) {
                throw new WeftInputException(source, where, "has " + cells.size() + " fields, " + needed + " needed",
                        gemm ? "write name, M, N, K" : "write name, IFMAP height, IFMAP width, filter height, "
                                + "filter width, channels, filters, stride (or pass --gemm-topology for M, N, K rows)");
            }
            // a ninth convolution field is the column stride; SCALE-Sim repeats the row stride without it
            int given = gemm ? needed : Math.min(cells.size(), needed + 1);
            long[] v = new long[given - 1];
            for (int j = 1; j < given; j++) {
                String cell = cells.get(j);
                // ASCII digits only: Java would also read other scripts' digits
                if (!cell.matches("[+-]?[0-9]+")) {
                    throw new WeftInputException(source, where, "field " + (j + 1) + " is not a whole number: '"
                            + cell + "'", "give positive integers");
                }
                java.math.BigInteger value = new java.math.BigInteger(cell.replace("+", ""));
                if (value.signum() <= 0 || value.bitLength() > 31) {
                    throw new WeftInputException(source, where, "field " + (j + 1) + " must be between 1 and "
                            + Integer.MAX_VALUE + ", was " + cell, "give positive integers of at most "
                            + Integer.MAX_VALUE);
                }
                v[j - 1] = value.longValueExact();
            }
            String name = cells.get(0);
            if (gemm) {
                layers.add(new Layer(name, v[0], v[1], v[2]));
                continue;
            }
            if (v[2] > v[0] || v[3] > v[1]) {
                throw new WeftInputException(source, where, "filter larger than the IFMAP", "check the sizes");
            }
            long strideCols = v.length > 7 ? v[7] : v[6];
            // the im2col GEMM's window (R x S x C) and the ifmap's words (H x W x C) must be countable
            if (overflows(v[2], v[3], v[4]) || overflows(v[0], v[1], v[4])) {
                throw new WeftInputException(source, where, "window or ifmap has more than 2^63 words",
                        "give smaller sizes");
            }
            if (name.contains("DP") && layers.size() + v[4] > MAX_LAYERS) {
                throw new WeftInputException(source, where, "runs one layer per channel, " + v[4] + " channels, "
                        + "more than the " + MAX_LAYERS + " layers Weft simulates", "give fewer channels");
            }
            if (name.contains("DP")) {
                // SCALE-Sim runs a depthwise row ("DP" in its name) as one single-channel layer per channel
                for (long channel = 0; channel < v[4]; channel++) {
                    layers.add(Layer.conv(name + "Channel_" + channel,
                            new Im2col(v[0], v[1], v[2], v[3], 1, v[6], strideCols), v[5]));
                }
            } else {
                layers.add(Layer.conv(name, new Im2col(v[0], v[1], v[2], v[3], v[4], v[6], strideCols), v[5]));
            }
        }
        if (layers.size() > MAX_LAYERS) {
            throw new WeftInputException(source, null, "has " + layers.size() + " layers, more than the " + MAX_LAYERS
                    + " Weft simulates", "split the topology");
        }
        if (layers.isEmpty()) {
            throw new WeftInputException(source, null, "has no layers", "add a row per layer after the header");
        }
        return layers;
    }

    private static boolean overflows(long a, long b, long c) {
        try {
            Math.multiplyExact(Math.multiplyExact(a, b), c);
            return false;
        } catch (ArithmeticException e) {
            return true;
        }
    }
}
