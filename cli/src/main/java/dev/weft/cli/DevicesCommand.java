package dev.weft.cli;

import dev.weft.kernels.opencl.DeviceInfo;
import dev.weft.kernels.opencl.OpenCl;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the OpenCL platforms and devices that run and bench can use (--device opencl:N).",
                "Needs an OpenCL runtime; on a machine without a GPU driver install PoCL: apt-get install "
                        + OpenCl.PACKAGES + "."})
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<DeviceInfo> devices = OpenCl.devices();
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-10s %-6s %-34s %-30s %5s %9s %10s %10s %9s%n";
        out.printf(Locale.ROOT, format, "device", "type", "name", "platform", "CUs", "clock MHz", "max WG",
                "local KiB", "mem MiB");
        for (DeviceInfo d : devices) {
            out.printf(Locale.ROOT, format, d.id(), d.type(), clip(d.name(), 34), clip(d.platform(), 30),
                    d.computeUnits(), d.maxClockMhz(), d.maxWorkGroupSize(), d.localMemBytes() / 1024,
                    d.globalMemBytes() / (1024 * 1024));
        }
        out.flush();
        return 0;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
