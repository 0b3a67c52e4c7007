package dev.weft.cli;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ComputeArray;
import dev.weft.arch.Dataflow;
import dev.weft.error.WeftInputException;
import dev.weft.hdl.CoreSpec;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which generated core a hardware command works on: the compute arrays of an architecture
 * ({@code --hw}), or one core given directly ({@code --array RxC --dataflow}, {@code --unit xnor --width W}).
 */
final class CoreOptions {
    @Option(names = "--hw", paramLabel = "FILE", description = "Architecture YAML file or preset name; its compute arrays "
            + "are generated.")
    String hw;

    @Option(names = "--array", paramLabel = "RxC", description = "A MAC array of R rows and C columns, e.g. 4x4.")
    String array;

    @Option(names = "--dataflow", paramLabel = "os|ws", description = "Dataflow of --array: os or ws (default: ws).")
    String dataflow;

    @Option(names = "--weight-double-buffering", description = "With --array and --dataflow ws: shadow weight "
            + "registers in every PE load the next fold's weights while the current fold streams, so only a tile's "
            + "first fold pays the R-cycle weight load (in an architecture file: weight_double_buffering: true).")
    boolean weightDoubleBuffering;

    @Option(names = "--unit", paramLabel = "KIND", description = "Instead of a MAC array: xnor (an XNOR-popcount unit, "
            + "with --width) or sparse24 (a 2:4 sparse MAC array, with --array).")
    String unit;

    @Option(names = "--width", paramLabel = "W", description = "Code width of --unit xnor, in bits (a multiple of 8).")
    Integer width;

    boolean anyGiven() {
        return hw != null || array != null || unit != null || weightDoubleBuffering;
    }

    /** The cores named on the command line: one, or every compute array of --hw. */
    List<CoreSpec> cores() {
        if (hw != null) {
            if (array != null || unit != null || width != null || dataflow != null || weightDoubleBuffering) {
                throw new WeftInputException("--hw", null, "give either --hw or --array/--unit, not both",
                        "drop --array/--unit/--width/--dataflow/--weight-double-buffering, or --hw");
            }
            Architecture architecture = ArchitectureLoader.resolve(hw);
            return architecture.systolicArrays("RTL generation").stream().map(a -> core(a, architecture)).toList();
        }
        return List.of(direct());
    }

    /** The first MAC array of --hw, or the --array given: what rtl-check runs. */
    CoreSpec.MacArray macArray() {
        if (hw != null) {
            if (array != null || dataflow != null || unit != null || weightDoubleBuffering) {
                throw new WeftInputException("--hw", null, "give either --hw or --array/--dataflow, not both",
                        "drop --array/--dataflow/--weight-double-buffering, or --hw");
            }
            Architecture architecture = ArchitectureLoader.resolve(hw);
            Optional<ComputeArray> mac = architecture.arrayFor(dev.weft.arch.PeKind.Kind.MAC);
            return (CoreSpec.MacArray) core(mac.orElseThrow(() -> new WeftInputException(architecture.source(), "compute.arrays",
                    "has no dense MAC array to check", "rtl-check runs MAC arrays; give --array RxC --dataflow os|ws")),
                    architecture);
        }
        if (unit != null) {
            throw new WeftInputException("--unit", null, "rtl-check runs dense MAC arrays", "give --array RxC --dataflow os|ws");
        }
        if (array == null) {
            throw new WeftInputException("--array", null, "no array given", "give --hw FILE or --array RxC --dataflow os|ws");
        }
        int[] shape = GemmArgs.array(array, "--array");
        return new CoreSpec.MacArray(shape[0], shape[1], dataflow(), weightDoubleBuffering);
    }

    private CoreSpec direct() {
        String kind = unit == null ? "mac" : unit.trim().toLowerCase(java.util.Locale.ROOT);
        if (weightDoubleBuffering && !kind.equals("mac")) {
            throw new WeftInputException("--weight-double-buffering", null, "applies to a dense MAC array, not --unit "
                    + unit, "drop --weight-double-buffering, or generate --array RxC --dataflow ws");
        }
        switch (kind) {
            case "xnor" -> {
                if (width == null) {
                    throw new WeftInputException("--width", null, "--unit xnor needs a code width", "add --width 64");
                }
                return new CoreSpec.XnorUnit(width);
            }
            case "sparse24" -> {
                int[] shape = GemmArgs.array(requireArray(), "--array");
                return new CoreSpec.SparseArray(shape[0], shape[1]);
            }
            case "mac" -> {
                int[] shape = GemmArgs.array(requireArray(), "--array");
                return new CoreSpec.MacArray(shape[0], shape[1], dataflow(), weightDoubleBuffering);
            }
            default -> throw new WeftInputException("--unit", null, "unknown unit '" + unit + "'", "use xnor or sparse24");
        }
    }

    private String requireArray() {
        if (array == null) {
            throw new WeftInputException("--array", null, "no array given", "give --array RxC (e.g. 4x4), or --hw FILE");
        }
        return array;
    }

    Dataflow dataflow() {
        return dataflow == null ? Dataflow.WS : Dataflow.parse(dataflow, "--dataflow", null);
    }

    private static CoreSpec core(ComputeArray array, Architecture architecture) {
        return CoreSpec.of(array, architecture.source());
    }
}
