package dev.weft.cli;

import dev.weft.fusion.Fusion;
import picocli.CommandLine.Option;

/** What the mapper may fuse, for the commands that estimate. */
final class FusionOption {
    @Option(names = "--fusion", paramLabel = "none|attention|all", defaultValue = "all",
            description = "What runs as one kernel, its intermediates kept on chip (default: ${DEFAULT-VALUE}): "
                    + "none (every operator reads its inputs from DRAM and writes its output back); attention "
                    + "(each attention core: softmax attention FlashAttention-style in query x key/value blocks the "
                    + "mapper sizes to the buffer, linear and EcoFormer with their key-value summary on chip); all "
                    + "(also each contraction with the activation, residual add or normalisation that alone reads "
                    + "its output). Whatever is allowed, a group is formed only where the buffer holds its tiles "
                    + "(a normalisation only where the contraction's tile spans whole rows) and, for softmax "
                    + "attention, where its blocks move less DRAM traffic than its operators alone; the rest runs "
                    + "unfused. Fusion is modelled on systolic arrays (either architecture format); on a general spatial array every operator runs alone.")
    String fusion;

    Fusion fusion() {
        return Fusion.parse(fusion, "--fusion");
    }
}
