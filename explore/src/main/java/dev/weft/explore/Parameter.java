package dev.weft.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One axis of a sweep: the architecture fields it sets and the choices it takes. A choice sets
 * every path at once, one value per path, so that fields that belong together (an array's rows
 * and columns, the buffer bandwidth it needs) move together.
 *
 * @param choices each choice: one value per path
 */
public record Parameter(String name, List<ArchPath> paths, List<List<JsonNode>> choices) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Parameter {
        paths = List.copyOf(paths);
        choices = choices.stream().map(List::copyOf).toList();
    }

    /** How choice {@code i} reads in a design label and a CSV cell: its values joined by {@code /} when they differ. */
    public String label(int i) {
        List<String> texts = choices.get(i).stream().map(JsonNode::asText).distinct().toList();
        return texts.size() == 1 ? texts.get(0) : choices.get(i).stream().map(JsonNode::asText)
                .collect(Collectors.joining("/"));
    }
}
