package dev.weft.kernels.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The one launch mechanism every kernel goes through: upload arrays, run kernels in order
 * on the device's queue (buffers stay on the device between them), read results back.
 * Kernel arguments are given as they are: a {@link Buffer}, an {@code Integer}, a
 * {@code Float}, or {@link #local(long)} bytes of work-group memory. The time of each
 * kernel comes from the queue's profiling events, so {@link #kernelSeconds()} is device
 * time without the host-device copies.
 */
public final class Launch implements AutoCloseable {
    private final ClDevice device;
    private final List<cl_mem> allocated = new ArrayList<>();
    private long kernelNanos;

    Launch(ClDevice device) {
        this.device = device;
    }

    /** A device buffer of 4-byte elements. */
    public record Buffer(cl_mem mem, int elements) {
    }

    /** Work-group local memory of the given size, as a kernel argument. */
    public record Local(long bytes) {
    }

    public static Local local(long bytes) {
        return new Local(bytes);
    }

    /** A device copy of {@code data}; kernels may update it in place. */
    public Buffer upload(float[] data) {
        return buffer(Pointer.to(data), data.length, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR);
    }

    public Buffer upload(int[] data) {
        return buffer(Pointer.to(data), data.length, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR);
    }

    /** An uninitialised device buffer for results or intermediates. */
    public Buffer scratch(int elements) {
        return buffer(null, elements, CL_MEM_READ_WRITE);
    }

    private Buffer buffer(Pointer host, int elements, long flags) {
        // OpenCL rejects zero-sized buffers; a one-element buffer keeps empty operands legal
        cl_mem mem = clCreateBuffer(device.context(), flags, (long) Math.max(1, elements) * Sizeof.cl_float,
                elements == 0 ? null : host, null);
        allocated.add(mem);
        return new Buffer(mem, elements);
    }

    /**
     * Runs {@code kernel} of {@code file} (built with {@code defines}) over {@code global}
     * work-items in work-groups of {@code local} ({@code null}: the runtime chooses). Global
     * sizes are rounded up to whole work-groups; kernels guard their own bounds.
     */
    public void run(String file, String kernel, Map<String, ?> defines, long[] global, long[] local, Object... args) {
        cl_kernel k = device.kernel(file, kernel, defines);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Buffer b) {
                clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(b.mem()));
            } else if (arg instanceof Integer v) {
                clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            } else if (arg instanceof Float v) {
                clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
            } else if (arg instanceof Local l) {
                clSetKernelArg(k, i, l.bytes(), null);
            } else {
                throw new IllegalArgumentException("unsupported kernel argument " + arg);
            }
        }
        long[] rounded = global.clone();
        if (local != null) {
            device.checkWorkGroup(kernel, local);
            for (int d = 0; d < rounded.length; d++) {
                rounded[d] = (rounded[d] + local[d] - 1) / local[d] * local[d];
            }
        }
        cl_event event = new cl_event();
        clEnqueueNDRangeKernel(device.queue(), k, rounded.length, null, rounded, local, 0, null, event);
        clWaitForEvents(1, new cl_event[] {event});
        long[] start = new long[1];
        long[] end = new long[1];
        clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
        clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
        clReleaseEvent(event);
        kernelNanos += end[0] - start[0];
    }

    public float[] read(Buffer buffer) {
        float[] out = new float[buffer.elements()];
        if (out.length > 0) {
            clEnqueueReadBuffer(device.queue(), buffer.mem(), CL_TRUE, 0, (long) out.length * Sizeof.cl_float,
                    Pointer.to(out), 0, null, null);
        }
        return out;
    }

    /** Device time of the kernels run so far in this launch. */
    public double kernelSeconds() {
        return kernelNanos / 1e9;
    }

    @Override
    public void close() {
        allocated.forEach(m -> clReleaseMemObject(m));
        allocated.clear();
    }
}
