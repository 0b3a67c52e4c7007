package dev.weft.explore;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One architecture of a sweep: a choice per parameter.
 *
 * @param index   position in the spec's sampling order
 * @param choices for each parameter, the index of its choice
 */
public record DesignPoint(int index, List<Integer> choices) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DesignPoint {
        choices = List.copyOf(choices);
    }

    /** Each parameter's choice as text, in the spec's order. */
    public List<String> values(List<Parameter> parameters) {
        List<String> values = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            values.add(parameters.get(p).label(choices.get(p)));
        }
        return values;
    }

    /** E.g. {@code array=32 buffer_kib=512 dataflow=ws}: what the report shows on hover. */
    public String label(List<Parameter> parameters) {
        List<String> values = values(parameters);
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            parts.add(parameters.get(p).name() + "=" + values.get(p));
        }
        return String.join(" ", parts);
    }
}
