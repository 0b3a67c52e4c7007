package dev.weft.kernels.forward;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.opencl.OpenCl;
import dev.weft.kernels.opencl.OpenClExecutor;
import dev.weft.kernels.reference.JavaExecutor;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardPassTest {
    private static Workload workload(String model, int seq, int image, Phase phase, int kv) {
        return ModelZoo.build(model, new WorkloadSpec(1, seq, image, phase, kv, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, DType.FP32, 16, 25));
    }

    private static void compare(Workload w, int steps) {
        Optional<String> reason = OpenCl.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse("") + "; install " + OpenCl.PACKAGES);
        ModelWeights weights = new ModelWeights(3);
        ForwardPass pass = new ForwardPass(w, weights, new AttentionBlocks(16, 8), name -> null, 3);
        ForwardPass.Result device;
        try (OpenClExecutor ex = OpenClExecutor.open("opencl:0")) {
            device = pass.run(ex, steps);
        }
        ForwardPass.Result reference = pass.run(new JavaExecutor(), steps);
        device.outputs().forEach((name, values) -> {
            OutputError e = OutputError.of(name, values, reference.outputs().get(name));
            System.out.println(w.model() + " " + e);
            assertTrue(e.within(ForwardPass.BOUND), e.toString());
        });
    }

    @Test
    void bertTiny() {
        compare(workload("bert-tiny", 20, 0, Phase.PREFILL, 0), 1);
    }

    @Test
    void gpt2Decode() {
        compare(workload("gpt2", 0, 0, Phase.DECODE, 20), 3);
    }

    @Test
    void llamaTinyPrefillAndDecode() {
        compare(workload("llama-tiny", 19, 0, Phase.PREFILL, 0), 1);
        compare(workload("llama-tiny", 0, 0, Phase.DECODE, 23), 4);
    }

    @Test
    void deitSmall() {
        compare(workload("deit-s", 0, 48, Phase.PREFILL, 0), 1);
    }
}
