package dev.weft.sim.scalesim;

import java.util.function.LongBinaryOperator;

/**
 * A convolution's ifmap as SCALE-Sim addresses it: im2col row {@code i} is output pixel
 * (i / ofmap width, i mod ofmap width), column {@code j} is (filter row, filter column, channel)
 * of the window, and the word is the ifmap pixel's channel at row-major address
 * {@code (y * width + x) * channels + channel}. Overlapping windows read one address from
 * several (i, j); SCALE-Sim's SRAM holds it once for all of them. SCALE-Sim rounds the output
 * size up, so where the stride does not divide the ifmap the last windows hang over its edge;
 * their words outside it are no words at all (SCALE-Sim's -1).
 */
record Im2col(long ifmapHeight, long ifmapWidth, long filterHeight, long filterWidth, long channels, long strideRows,
              long strideCols) {

    long ofmapHeight() {
        return ReadBuffer.ceilDiv(ifmapHeight - filterHeight + strideRows, strideRows);
    }

    long ofmapWidth() {
        return ReadBuffer.ceilDiv(ifmapWidth - filterWidth + strideCols, strideCols);
    }

    /** Output pixels whose windows lie inside the ifmap, as a convolution without padding has them. */
    long pixelsInside() {
        return ((ifmapHeight - filterHeight) / strideRows + 1) * ((ifmapWidth - filterWidth) / strideCols + 1);
    }

    /** Whether the last windows hang over the ifmap's edge. */
    boolean overhangs() {
        return (ifmapHeight - filterHeight) % strideRows != 0 || (ifmapWidth - filterWidth) % strideCols != 0;
    }

    long addresses() {
        return ifmapHeight * ifmapWidth * channels;
    }

    /** Whether some address is read by more than one (i, j). */
    boolean overlaps() {
        return filterHeight > strideRows && ofmapHeight() > 1 || filterWidth > strideCols && ofmapWidth() > 1;
    }

    /** The address im2col word (i, j) reads, or -1 where its window hangs over the edge. */
    long address(long i, long j) {
        long outRow = i / ofmapWidth();
        long outCol = i % ofmapWidth();
        long window = filterWidth * channels;
        long y = outRow * strideRows + j / window;
        long x = outCol * strideCols + j % window / channels;
        return y < ifmapHeight && x < ifmapWidth ? (y * ifmapWidth + x) * channels + j % channels : -1;
    }

    /**
     * Writes {@code position.applyAsLong(i, j)} of every (i, j) that reads the address of
     * (i, j) into {@code into}; answers how many.
     */
    int readersOf(long i, long j, LongBinaryOperator position, long[] into) {
        long window = filterWidth * channels;
        long y = i / ofmapWidth() * strideRows + j / window;
        long x = i % ofmapWidth() * strideCols + j % window / channels;
        long channel = j % channels;
        int count = 0;
        for (long fy = y % strideRows; fy < filterHeight && fy <= y; fy += strideRows) {
            long outRow = (y - fy) / strideRows;
            if (outRow >= ofmapHeight()) {
                continue;
            }
            for (long fx = x % strideCols; fx < filterWidth && fx <= x; fx += strideCols) {
                long outCol = (x - fx) / strideCols;
                if (outCol < ofmapWidth()) {
                    into[count++] = position.applyAsLong(outRow * ofmapWidth() + outCol,
                            (fy * filterWidth + fx) * channels + channel);
                }
            }
        }
        return count;
    }

    /** The most (i, j) that read one address. */
    int maxReaders() {
        return (int) (ReadBuffer.ceilDiv(filterHeight, strideRows) * ReadBuffer.ceilDiv(filterWidth, strideCols));
    }
}
