package dev.weft.kernels.opencl;

import static org.jocl.CL.*;

import dev.weft.error.WeftInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * An open OpenCL device: its context, one in-order profiling queue, and the kernels built
 * so far. Programs are OpenCL C files under {@code dev/weft/kernels/cl/} on the class path
 * (each preceded by {@code vector.h}),
 * specialised at build time by {@code -D} defines (tile sizes, head size), and cached by
 * file and defines because PoCL takes a noticeable time to compile each variant.
 */
public final class ClDevice implements AutoCloseable {
    private final DeviceInfo info;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    private ClDevice(DeviceInfo info, cl_device_id device) {
        this.info = info;
        this.device = device;
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, OpenCl.platformOf(device));
        this.context = clCreateContext(properties, 1, new cl_device_id[] {device}, null, null, null);
        cl_queue_properties queueProperties = new cl_queue_properties();
        queueProperties.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
        this.queue = clCreateCommandQueueWithProperties(context, device, queueProperties, null);
    }

    /** Opens {@code opencl:N}; unknown indices and a missing runtime are user-facing errors. */
    public static ClDevice open(String spec) {
        DeviceInfo info = OpenCl.select(spec);
        return new ClDevice(info, OpenCl.handles().get(info.index()));
    }

    public DeviceInfo info() {
        return info;
    }

    /** A batch of kernel launches sharing device buffers; close it to free them. */
    public Launch launch() {
        return new Launch(this);
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /**
     * Checks a work-group shape against the device's limits before a launch, so a schedule
     * asking for too large a tile is reported as such rather than as an OpenCL error code.
     */
    public void checkWorkGroup(String what, long... local) {
        long items = 1;
        for (int d = 0; d < local.length; d++) {
            items *= local[d];
            long limit = d < info.maxWorkItemSizes().size() ? info.maxWorkItemSizes().get(d) : 1;
            if (local[d] > limit) {
                throw new WeftInputException(what, null, "work-group dimension " + d + " of " + local[d]
                        + " work-items exceeds the device's limit of " + limit + " (" + info.name() + ")",
                        "use a schedule with smaller tiles for this device");
            }
        }
        if (items > info.maxWorkGroupSize()) {
            throw new WeftInputException(what, null, "work-group of " + items + " work-items exceeds the device's limit of "
                    + info.maxWorkGroupSize() + " (" + info.name() + ")", "use a schedule with smaller tiles for this device");
        }
    }

    /** The named kernel of {@code file}, built with {@code defines}. */
    cl_kernel kernel(String file, String name, Map<String, ?> defines) {
        String options = new TreeMap<>(defines).entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "-cl-fast-relaxed-math -cl-mad-enable ", ""));
        String key = file + "|" + options;
        cl_program program = programs.computeIfAbsent(key, k -> build(file, options));
        return kernels.computeIfAbsent(key + "|" + name, k -> clCreateKernel(program, name, null));
    }

    private cl_program build(String file, String options) {
        cl_program program = clCreateProgramWithSource(context, 2, new String[] {source("vector.h"), source(file)}, null,
                null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
        } catch (CLException e) {
            throw new IllegalStateException("OpenCL build of " + file + " with " + options + " failed: "
                    + buildLog(program), e);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    private static String source(String file) {
        String resource = "/dev/weft/kernels/cl/" + file;
        try (InputStream in = ClDevice.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel source missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public void close() {
        kernels.values().forEach(k -> clReleaseKernel(k));
        programs.values().forEach(p -> clReleaseProgram(p));
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
