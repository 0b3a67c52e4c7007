package dev.weft.sim;

/**
 * Bytes read and written per level and tensor (at {@link Level#PE}, register accesses, one
 * per operand or accumulator word); mutable while a simulation runs.
 */
public final class Accesses {
    private final double[][][] bytes = new double[Level.values().length][Tensor.values().length][2];

    public void read(Level level, Tensor tensor, double amount) {
        bytes[level.ordinal()][tensor.ordinal()][0] += amount;
    }

    public void write(Level level, Tensor tensor, double amount) {
        bytes[level.ordinal()][tensor.ordinal()][1] += amount;
    }

    public double readBytes(Level level, Tensor tensor) {
        return bytes[level.ordinal()][tensor.ordinal()][0];
    }

    public double writeBytes(Level level, Tensor tensor) {
        return bytes[level.ordinal()][tensor.ordinal()][1];
    }

    public double readBytes(Level level) {
        double sum = 0;
        for (Tensor tensor : Tensor.values()) {
            sum += readBytes(level, tensor);
        }
        return sum;
    }

    public double writeBytes(Level level) {
        double sum = 0;
        for (Tensor tensor : Tensor.values()) {
            sum += writeBytes(level, tensor);
        }
        return sum;
    }
}
