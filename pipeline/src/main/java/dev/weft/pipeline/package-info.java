/**
 * The evaluation pipeline the commands assemble: {@link dev.weft.pipeline.Workloads} builds each
 * graph once, {@link dev.weft.pipeline.Pipeline} maps or replays it and evaluates it
 * ({@link dev.weft.pipeline.Evaluation}: analytic or simulated), {@link dev.weft.pipeline.ResultsWriter}
 * writes the results directory. It depends on the backends it wires (mapper, simulator, ONNX
 * import, reports); the backends never depend on it.
 */
package dev.weft.pipeline;
