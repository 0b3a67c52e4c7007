package dev.weft.onnx;

import dev.weft.workload.Workload;
import java.util.List;

/**
 * An imported graph and what the user must be told about it.
 *
 * @param warnings one line each, e.g. an operator costed as generic element-wise work
 */
public record Imported(Workload workload, List<String> warnings) {
    public Imported {
        warnings = List.copyOf(warnings);
    }
}
