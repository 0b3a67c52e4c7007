package dev.weft.cli;

import dev.weft.parallel.Parallelism;
import picocli.CommandLine.Option;

/** How a model is split over identical devices, for the commands that estimate and serve. */
final class ParallelOptions {
    @Option(names = "--devices", defaultValue = "1", paramLabel = "N", description = "Identical devices (of --hw) to "
            + "split the model over, linked by the architecture's interconnect (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--parallel", paramLabel = "tp=T,pp=P", description = "How to split over --devices: tp devices "
            + "per tensor-parallel group (Megatron-style: column- then row-parallel linear layers, heads split) and pp "
            + "pipeline stages (consecutive layers), tp x pp = --devices (default: tp = --devices). estimate writes DIR/parallel.json.")
    String parallel;

    Parallelism split() {
        return Parallelism.parse(parallel, devices, "--parallel");
    }
}
