package dev.weft.parallel;

import dev.weft.arch.Architecture;
import dev.weft.error.WeftInputException;
import dev.weft.workload.Operator;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.HashSet;
import java.util.Set;

/**
 * Serving figures for a batch of requests of {@code prompt} tokens in, {@code output} tokens out:
 * the first token after the batch's prefill, then one decode step per further token. A decode
 * step's attention grows linearly with the cache, so the mean step is the step at the mean cache
 * length {@code prompt + (output + 1) / 2}; the other operators do not depend on it.
 *
 * @param ttftS  time to first token: the prefill of the whole batch
 * @param tpotS  time per output token: the mean decode step
 */
public record Serving(int batch, int prompt, int output, double ttftS, double tpotS, Memory memory) {

    /**
     * What the device holding the most keeps.
     *
     * @param kvBytes       the KV cache at its longest ({@code prompt + output})
     * @param weightBytes   its share of the weights
     * @param capacityBytes its outermost memory
     */
    public record Memory(double kvBytes, double weightBytes, double capacityBytes) {
    }

    /** Output tokens a second for the whole batch, first token included. */
    public double tokensPerS() {
        return batch * (double) output / (ttftS + (output - 1) * tpotS);
    }

    /** The cache length the mean decode step attends to. */
    public static int meanKv(int prompt, int output) {
        return prompt + (output + 1) / 2;
    }

    /**
     * What each device keeps, refused when its weights and the full KV cache do not fit.
     *
     * @param fullCache the decode workload at the longest cache, {@code prompt + output}
     */
    public static Memory memory(Architecture arch, Workload fullCache, Parallelism parallelism, int prompt, int output) {
        Workload device = TensorParallel.split(fullCache, parallelism.tp()).device();
        double kv = 0;
        double weights = 0;
        for (Set<String> stage : PipelineStages.assign(device, parallelism.pp())) {
            double stageKv = 0;
            double stageWeights = 0;
            Set<String> seen = new HashSet<>();
            for (Operator operator : device.operators()) {
                if (!stage.contains(operator.block())) {
                    continue;
                }
                for (TensorSpec tensor : operator.tensors()) {
                    double bytes = tensor.storedBits(tensor.elements(operator.dimSizes())) / 8;
                    if (tensor.role() == TensorRole.WEIGHT && seen.add(tensor.name())) {
                        stageWeights += bytes;
                    } else if (operator.kind().softmaxAttention() && tensor.name().contains("_cache")
                            && seen.add(tensor.name())) {
                        stageKv += bytes;
                    }
                }
            }
            if (stageKv + stageWeights > kv + weights) {
                kv = stageKv;
                weights = stageWeights;
            }
        }
        long capacityBits = arch.hierarchy().memories().get(0).sizeBits();
        double capacity = capacityBits == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : capacityBits / 8.0;
        if (kv + weights > capacity) {
            throw new WeftInputException("--batch", null, String.format(java.util.Locale.ROOT, "%d requests of %d + %d "
                    + "tokens need a %.2f GB KV cache beside %.2f GB of weights on one device, more than its %.2f GB "
                    + "of %s", fullCache.spec().batch(), prompt, output, kv / 1e9, weights / 1e9, capacity / 1e9,
                    arch.hierarchy().memories().get(0).name()),
                    "serve fewer requests at once, shorter prompts or outputs, or split over more --devices");
        }
        return new Memory(kv, weights, capacity);
    }
}
