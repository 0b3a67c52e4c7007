package dev.weft.cli;

import dev.weft.hdl.CoreSpec;
import dev.weft.hdl.Firtool;
import dev.weft.hdl.Rtl;
import dev.weft.io.Json;
import dev.weft.reports.OutputDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rtl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate SystemVerilog for the compute arrays of an architecture (or for one core) with the "
                + "Chisel generators and firtool " + Firtool.VERSION + ", both shipped in the jar.",
                "Writes DIR/<Module>.sv per core and DIR/rtl.json listing modules and parameters.",
                "Examples: ./weft rtl --hw systolic-32x32-int8 --out out/rtl",
                "          ./weft rtl --array 8x8 --dataflow os --out out/rtl8",
                "          ./weft rtl --unit xnor --width 64 --out out/xnor"})
final class RtlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CoreOptions core;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the SystemVerilog.")
    Path out;

    @Override
    public Integer call() {
        List<CoreSpec> cores = core.cores();
        PrintWriter stdout = spec.commandLine().getOut();
        OutputDirectory directory = new OutputDirectory(out);
        List<Map<String, Object>> modules = new ArrayList<>();
        for (CoreSpec coreSpec : cores) {
            spec.commandLine().getErr().println("weft: elaborating " + coreSpec.summary() + " (Chisel, firtool)");
            Rtl rtl = Rtl.generate(coreSpec);
            directory.add(rtl.fileName(), rtl.systemVerilog());
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("module", rtl.topModule());
            module.put("file", rtl.fileName());
            module.put("design", coreSpec.summary());
            module.put("pes", coreSpec.pes());
            module.put("lines", rtl.systemVerilog().lines().count());
            modules.add(module);
            stdout.printf("%-28s %s%n", rtl.fileName(), coreSpec.summary());
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("generator", "weft Chisel generators (chisel 6.7.0)");
        manifest.put("firtool", Firtool.VERSION);
        manifest.put("modules", modules);
        directory.add("rtl.json", Json.text(manifest) + "\n");
        Path written = directory.commit();
        stdout.println("wrote " + cores.size() + " module(s) and rtl.json to " + written);
        stdout.flush();
        return 0;
    }
}
