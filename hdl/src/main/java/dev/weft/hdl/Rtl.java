package dev.weft.hdl;

import dev.weft.arch.Architecture;
import dev.weft.arch.ComputeArray;
import java.util.ArrayList;
import java.util.List;

/**
 * SystemVerilog for one core, from Java parameters: Chisel elaborates, firtool lowers.
 */
public record Rtl(CoreSpec spec, String topModule, String systemVerilog) {

    public static Rtl generate(CoreSpec spec) {
        return new Rtl(spec, spec.topModule(), Firtool.lower(spec.chirrtl()));
    }

    /**
     * The core inside its board self-test: LFSR operands, and a pass/fail flag from comparing
     * the first fold's outputs with the software model. The text holds both modules.
     */
    public static Rtl selfTest(CoreSpec spec) {
        return new Rtl(spec, spec.selfTestModule(), Firtool.lower(spec.selfTestChirrtl()));
    }

    public String fileName() {
        return topModule + ".sv";
    }

    /** The generator parameters for every compute array of an architecture, in file order. */
    public static List<CoreSpec> specs(Architecture architecture) {
        List<CoreSpec> specs = new ArrayList<>();
        for (ComputeArray array : architecture.arrays()) {
            specs.add(CoreSpec.of(array, architecture.source()));
        }
        return specs;
    }
}
