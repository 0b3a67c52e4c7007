package dev.weft.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PyTorch-exported fixtures import to the zoo's model of the same config, MAC for MAC. */
class FixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    static WorkloadSpec spec(int batch, int seq, int image, DType dtype) {
        return new WorkloadSpec(batch, seq, image, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, dtype,
                WorkloadSpec.DEFAULT_HASH_BITS, WorkloadSpec.DEFAULT_HASH_ANCHORS);
    }

    static Workload imported(String file, WorkloadSpec spec) {
        return OnnxImporter.load(FIXTURES.resolve(file), spec, UnknownOps.ERROR).workload();
    }

    static Workload zoo(String config, WorkloadSpec spec) {
        return ModelZoo.build(FIXTURES.resolve(config).toString(), spec);
    }

    @ParameterizedTest
    @CsvSource({"bert-fixture, 1, 128", "bert-fixture, 2, 64", "gpt2-fixture, 1, 128", "gpt2-fixture, 3, 32",
            "vit-fixture, 1, 0", "vit-fixture, 4, 0"})
    void macsAndParamsEqualTheZoos(String name, int batch, int seq) {
        WorkloadSpec spec = spec(batch, seq, 0, DType.FP32);
        Workload zoo = zoo(name + ".json", spec);
        Workload onnx = imported(name + ".onnx", spec);
        dump(zoo, onnx);
        assertEquals(zoo.macs(), onnx.macs(), "MACs");
        assertEquals(zoo.params(), onnx.params(), "parameters");
        assertEquals(zoo.muls(), onnx.muls(), "multiplications");
        assertEquals(zoo.adds(), onnx.adds(), "additions");
        assertEquals(nonlinear(zoo), nonlinear(onnx), 1e-9, "non-linear evaluations");
    }

    /** ONNX Runtime's fused BERT (Attention, SkipLayerNormalization, BiasGelu, FastGelu...) counts as the zoo's. */
    @ParameterizedTest
    @CsvSource({"1, 128", "2, 48"})
    void ortFusedOperatorsCountAsTheZoos(int batch, int seq) {
        WorkloadSpec spec = spec(batch, seq, 0, DType.FP32);
        Workload zoo = zoo("bert-fixture.json", spec);
        Workload onnx = imported("bert-fixture-ort.onnx", spec);
        dump(zoo, onnx);
        // the biases SkipLayerNormalization and BiasGelu/FastGelu carry go back to the layers before them
        onnx.operators().stream().filter(op -> op.op().equals("linear"))
                .forEach(op -> assertEquals(2, op.weights().size(), op.name()));
        assertEquals(List.of(), onnx.operators().stream().filter(op -> !op.isContraction() && !op.weights().isEmpty()
                && !op.op().equals("layernorm") && !op.op().equals("embedding") && !op.op().equals("add")).toList());
        assertEquals(zoo.macs(), onnx.macs(), "MACs");
        assertEquals(zoo.params(), onnx.params(), "parameters");
        assertEquals(zoo.muls(), onnx.muls(), "multiplications");
        assertEquals(zoo.adds(), onnx.adds(), "additions");
        assertEquals(nonlinear(zoo), nonlinear(onnx), 1e-9, "non-linear evaluations");
    }

    /**
     * PyTorch's own nn.TransformerEncoder, not written to mirror the zoo: its packed in_proj, the
     * scale on Q and the rank-3 attention products import as linear layers and attention cores,
     * with nothing left over as generic work.
     */
    @ParameterizedTest
    @CsvSource({"1, 128", "3, 40"})
    void pytorchsOwnEncoderImportsAsLinearLayersAndAttention(int batch, int seq) {
        Workload onnx = imported("torch-encoder.onnx", spec(batch, seq, 0, DType.FP32));
        long rows = (long) batch * seq;
        long hidden = 64;
        long inner = 256;
        double perLayer = rows * (4 * hidden * hidden + 2 * hidden * inner) + 2.0 * batch * seq * seq * hidden;
        assertEquals(2 * perLayer, onnx.macs());
        assertEquals(2 * (4 * hidden * hidden + 4 * hidden + 2 * hidden * inner + inner + hidden + 4 * hidden),
                onnx.params());
        assertEquals(List.of("linear", "attention.qk", "softmax", "attention.av", "linear", "add", "layernorm",
                "linear", "gelu", "linear", "add", "layernorm"), onnx.operators().stream().limit(12)
                .map(Operator::op).toList());
        assertEquals(24, onnx.operators().size());
    }

    /**
     * The int8 exports (MatMulInteger for BERT, QDQ for GPT-2, QLinearMatMul for ViT) count as the
     * zoo's int8 model, and run every linear layer at int8 even in an fp32 workload.
     */
    @ParameterizedTest
    @CsvSource({"bert-fixture, 1, 128", "gpt2-fixture, 2, 64", "vit-fixture, 3, 0"})
    void quantizedExportsRunLinearLayersAtInt8(String name, int batch, int seq) {
        Workload zoo = zoo(name + ".json", spec(batch, seq, 0, DType.INT8));
        Workload onnx = imported(name + "-int8.onnx", spec(batch, seq, 0, DType.FP32));
        dump(zoo, onnx);
        assertEquals(zoo.macs(), onnx.macs(), "MACs");
        assertEquals(zoo.params(), onnx.params(), "parameters");
        assertEquals(zoo.muls(), onnx.muls(), "multiplications");
        assertEquals(zoo.adds(), onnx.adds(), "additions");
        java.util.List<Operator> linear = onnx.operators().stream().filter(op -> op.op().equals("linear")).toList();
        assertEquals(zoo.operators().stream().filter(op -> op.op().equals("linear")).mapToDouble(Operator::macs).sum(),
                linear.stream().mapToDouble(Operator::macs).sum(), "linear MACs");
        linear.forEach(op -> assertEquals(DType.INT8, op.compute().dtype(), op.name()));
    }

    /**
     * BERT and ViT are exported layer for layer as the zoo builds them: the same contractions,
     * shape for shape (compared sorted: Hugging Face adds the token-type table before the position
     * table). Vector work is compared in total above, as the zoo may spell a learned table as a
     * lookup plus an add or as one learned add.
     */
    @ParameterizedTest
    @CsvSource({"bert-fixture, 2, 96", "vit-fixture, 2, 0"})
    void contractionsMatchTheZoosOneForOne(String name, int batch, int seq) {
        WorkloadSpec spec = spec(batch, seq, 0, DType.FP32);
        assertEquals(signature(zoo(name + ".json", spec)), signature(imported(name + ".onnx", spec)));
    }

    static java.util.List<String> signature(Workload w) {
        return w.operators().stream().filter(Operator::isContraction)
                .map(op -> op.op() + " " + op.dimSizes() + " " + op.compute() + " weights " + op.weights().size())
                .sorted().toList();
    }

    static double nonlinear(Workload w) {
        return w.operators().stream().mapToDouble(Operator::nonlinear).sum();
    }

    static void dump(Workload zoo, Workload onnx) {
        if (zoo.macs() != onnx.macs() || zoo.params() != onnx.params() || System.getenv("WEFT_DUMP") != null) {
            for (Workload w : java.util.List.of(zoo, onnx)) {
                System.out.println("== " + w.model() + " macs " + w.macs() + " params " + w.params());
                for (Operator op : w.operators()) {
                    System.out.println("  " + op.name() + " " + op.op() + " " + op.block() + " " + op.dimSizes()
                            + " macs " + op.macs() + " w " + op.weights().stream().map(t -> t.name()).toList());
                }
            }
        }
    }
}
