package dev.weft.onnx;

import java.util.List;

/**
 * A group of nodes that costs as one zoo operator: the exporter spells a linear layer, an
 * attention core, a GELU or a LayerNorm as several nodes. Patterns run in the order
 * {@link #ALL} lists them, each claiming its nodes, before single nodes are costed alone.
 */
sealed interface Pattern permits LinearPattern, AttentionPattern, LayerNormPattern, GeluPattern, LearnedAddPattern {

    /** Linear layers first: their bias adds must not be taken for residual or learned adds. */
    List<Pattern> ALL = List.of(new LinearPattern(), new AttentionPattern(), new LayerNormPattern(), new GeluPattern(),
            new LearnedAddPattern());

    /** Finds and claims this pattern's matches. */
    List<Match> find(Graph graph, Claims claims);
}
