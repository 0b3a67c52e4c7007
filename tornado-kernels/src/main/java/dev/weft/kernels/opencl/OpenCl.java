package dev.weft.kernels.opencl;

import static org.jocl.CL.*;

import dev.weft.error.WeftInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds the OpenCL runtime and its devices. JOCL ships its JNI library but not an OpenCL
 * implementation: that comes from the system's ICD loader and a driver (PoCL on a CPU-only
 * Debian machine), so every entry point here turns "no runtime" into one clear sentence.
 */
public final class OpenCl {
    /** The Debian packages that provide an OpenCL runtime on any x86-64 or arm64 CPU. */
    public static final String PACKAGES = "pocl-opencl-icd ocl-icd-libopencl1";

    private static final String FIX = "install an OpenCL runtime: apt-get install " + PACKAGES
            + " (PoCL also needs a writable POCL_CACHE_DIR)";

    private OpenCl() {
    }

    /** Why OpenCL cannot be used here, or empty when at least one device answers. */
    public static Optional<String> unavailableReason() {
        return devicesOrReason().reason();
    }

    /** Every device of every platform, numbered as {@code --device opencl:N} counts them. */
    public static List<DeviceInfo> devices() {
        Listing listing = devicesOrReason();
        if (listing.reason().isPresent()) {
            throw new WeftInputException("opencl", null, listing.reason().get(), FIX);
        }
        return listing.devices();
    }

    /** Parses {@code opencl:N} and checks that device N exists. */
    public static DeviceInfo select(String spec) {
        String text = spec == null ? "" : spec.trim();
        String fix = "use opencl:N with N from ./weft devices";
        if (!text.startsWith("opencl:")) {
            throw new WeftInputException("--device", null, "unknown device '" + spec + "'", fix);
        }
        int index;
        try {
            index = Integer.parseInt(text.substring("opencl:".length()));
        } catch (NumberFormatException e) {
            throw new WeftInputException("--device", null, "cannot read device index in '" + spec + "'", fix);
        }
        List<DeviceInfo> all = devices();
        if (index < 0 || index >= all.size()) {
            throw new WeftInputException("--device", null, "no OpenCL device " + index + " (this machine has "
                    + all.size() + ": opencl:0" + (all.size() > 1 ? "..opencl:" + (all.size() - 1) : "") + ")", fix);
        }
        return all.get(index);
    }

    record Listing(List<DeviceInfo> devices, Optional<String> reason) {
    }

    /** Device handles in the same order as {@link #devices()}. */
    static List<cl_device_id> handles() {
        List<cl_device_id> ids = new ArrayList<>();
        for (cl_platform_id platform : platforms()) {
            ids.addAll(List.of(deviceIds(platform)));
        }
        return ids;
    }

    static cl_platform_id platformOf(cl_device_id device) {
        cl_platform_id[] platform = new cl_platform_id[1];
        clGetDeviceInfo(device, CL_DEVICE_PLATFORM, Sizeof.POINTER, Pointer.to(platform), null);
        return platform[0];
    }

    private static Listing devicesOrReason() {
        cl_platform_id[] platforms;
        try {
            CL.setExceptionsEnabled(true);
            platforms = platforms();
        } catch (CLException e) {
            return new Listing(List.of(), Optional.of("no OpenCL platform found (" + e.getMessage() + ")"));
        } catch (LinkageError e) {
            return new Listing(List.of(), Optional.of("no OpenCL library (libOpenCL.so.1) could be loaded ("
                    + e.getMessage() + ")"));
        }
        if (platforms.length == 0) {
            return new Listing(List.of(), Optional.of("no OpenCL platform found"));
        }
        List<DeviceInfo> devices = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            String platformName = platformString(platform, CL_PLATFORM_NAME);
            for (cl_device_id device : deviceIds(platform)) {
                devices.add(describe(devices.size(), platformName, device));
            }
        }
        if (devices.isEmpty()) {
            return new Listing(List.of(), Optional.of("OpenCL platforms found but none has a device"));
        }
        return new Listing(List.copyOf(devices), Optional.empty());
    }

    private static cl_platform_id[] platforms() {
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        if (count[0] > 0) {
            clGetPlatformIDs(count[0], platforms, null);
        }
        return platforms;
    }

    private static cl_device_id[] deviceIds(cl_platform_id platform) {
        int[] count = new int[1];
        try {
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
        } catch (CLException e) {
            if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
                return new cl_device_id[0];
            }
            throw e;
        }
        cl_device_id[] ids = new cl_device_id[count[0]];
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count[0], ids, null);
        return ids;
    }

    private static DeviceInfo describe(int index, String platform, cl_device_id device) {
        long type = deviceLong(device, CL_DEVICE_TYPE);
        String typeName = (type & CL_DEVICE_TYPE_GPU) != 0 ? "gpu" : (type & CL_DEVICE_TYPE_CPU) != 0 ? "cpu"
                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
        int dims = (int) deviceInt(device, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
        long[] itemSizes = deviceSizes(device, CL_DEVICE_MAX_WORK_ITEM_SIZES, dims);
        List<Long> sizes = new ArrayList<>();
        for (long size : itemSizes) {
            sizes.add(size);
        }
        return new DeviceInfo(index, platform, deviceString(device, CL_DEVICE_NAME).trim(), typeName,
                deviceString(device, CL_DEVICE_VERSION).trim(), (int) deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceSizes(device, CL_DEVICE_MAX_WORK_GROUP_SIZE, 1)[0], sizes,
                deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE), deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceInt(device, CL_DEVICE_MAX_CLOCK_FREQUENCY));
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null);
        return cString(buffer);
    }

    private static long deviceInt(cl_device_id device, int param) {
        int[] value = new int[1];
        clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null);
        return Integer.toUnsignedLong(value[0]);
    }

    private static long deviceLong(cl_device_id device, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    /** {@code size_t} values, read through a byte buffer because their width is the platform's. */
    private static long[] deviceSizes(cl_device_id device, int param, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(count * Sizeof.size_t).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(device, param, (long) count * Sizeof.size_t, Pointer.to(buffer), null);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = Sizeof.size_t == 8 ? buffer.getLong(i * 8) : Integer.toUnsignedLong(buffer.getInt(i * 4));
        }
        return values;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
