package dev.weft.kernels.opencl;

import java.util.List;

/**
 * One OpenCL device as {@code weft devices} lists it and as executors check limits against.
 *
 * @param index               the N of {@code --device opencl:N}: devices numbered across all platforms
 * @param maxWorkGroupSize    work-items a work-group may hold at most
 * @param maxWorkItemSizes    the limit along each work-group dimension
 * @param localMemBytes       local (work-group shared) memory
 */
public record DeviceInfo(int index, String platform, String name, String type, String version, int computeUnits,
                         long maxWorkGroupSize, List<Long> maxWorkItemSizes, long localMemBytes, long globalMemBytes,
                         long maxClockMhz) {

    public DeviceInfo {
        maxWorkItemSizes = List.copyOf(maxWorkItemSizes);
    }

    /** {@code opencl:N}, the spelling {@code --device} takes. */
    public String id() {
        return "opencl:" + index;
    }
}
