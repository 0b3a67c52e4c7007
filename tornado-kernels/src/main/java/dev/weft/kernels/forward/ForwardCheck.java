package dev.weft.kernels.forward;

import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.Executor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A forward pass on the device, timed, against the same pass on the reference: the final
 * outputs decide (each within {@link ForwardPass#BOUND}); each layer's output is compared
 * too, to show where differences grow.
 */
public final class ForwardCheck {
    private ForwardCheck() {
    }

    /**
     * One operator: its kernel, the device's median time per step, and the largest error of
     * the tensor it wrote relative to the reference's largest magnitude ({@code null} where a
     * flash attention wrote it).
     */
    public record Layer(String layer, String op, String kernel, double measuredS, Double relativeError) {
    }

    /** What {@code run.json} reports of a forward pass. */
    public record Report(int steps, AttentionBlocks attentionBlocks, double bound, List<OutputError> outputs,
                         List<Layer> layers) {
        public boolean passed() {
            return outputs.stream().allMatch(o -> o.within(bound));
        }
    }

    /**
     * Runs the pass once untimed on the device (PoCL compiles each kernel for its work-group
     * size on first launch, inside the first event's time), {@code runs} times timed (the
     * median per layer), and once on the reference.
     */
    public static Report run(ForwardPass pass, Executor device, Executor reference, int steps, int runs) {
        pass.run(device, steps);
        List<ForwardPass.Result> timed = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            timed.add(pass.run(device, steps));
        }
        ForwardPass.Result last = timed.get(runs - 1);
        ForwardPass.Result expected = pass.run(reference, steps);
        List<OutputError> outputs = new ArrayList<>();
        last.outputs().forEach((name, values) -> outputs.add(OutputError.of(name, values,
                expected.outputs().get(name))));
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < last.layers().size(); l++) {
            ForwardPass.LayerTime layer = last.layers().get(l);
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                seconds[i] = timed.get(i).layers().get(l).seconds();
            }
            Arrays.sort(seconds);
            Double error = layer.output() == null ? null : drift(layer.output(), last.tensors(), expected.tensors());
            layers.add(new Layer(layer.layer(), layer.op(), layer.kernel(), seconds[runs / 2], error));
        }
        return new Report(steps, pass.blocks(), ForwardPass.BOUND, outputs, layers);
    }

    private static double drift(String tensor, Map<String, float[]> actual, Map<String, float[]> expected) {
        return OutputError.of(tensor, actual.get(tensor), expected.get(tensor)).relativeError();
    }
}
