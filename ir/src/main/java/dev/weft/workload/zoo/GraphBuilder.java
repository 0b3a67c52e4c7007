package dev.weft.workload.zoo;

import dev.weft.workload.Axis;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Dim;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends operators to a graph in execution order. Model families describe their layers
 * through these few verbs so that every model counts a linear layer, a convolution or a
 * normalisation the same way.
 *
 * <p>Every verb takes the names of the activations it reads (an earlier verb's result, a
 * graph input, or a view of one, see {@link dev.weft.workload.Graph}) and returns the name
 * of its output, so a family threads tensors from operator to operator and the workload is
 * a graph.
 *
 * <p>Conventions: a linear layer is {@code M} tokens x {@code K} inputs -> {@code N}
 * outputs; its bias is a parameter but costs no additions (accelerators preload the
 * accumulator with it). Activations take the workload dtype; weights of linear layers take
 * the workload's sparsity format, all other weights are dense.
 */
public final class GraphBuilder {
    private final DType dtype;
    private final StorageFormat linearWeightFormat;
    private final List<Operator> operators = new ArrayList<>();

    public GraphBuilder(DType dtype, StorageFormat linearWeightFormat) {
        this.dtype = dtype;
        this.linearWeightFormat = linearWeightFormat;
    }

    public DType dtype() {
        return dtype;
    }

    public List<Operator> operators() {
        return List.copyOf(operators);
    }

    public void add(Operator operator) {
        operators.add(operator);
    }

    private TensorSpec activation(String name, TensorRole role, String... dims) {
        return new TensorSpec(name, role, axes(dims), dtype, StorageFormat.DENSE);
    }

    private TensorSpec weight(String name, StorageFormat format, String... dims) {
        return new TensorSpec(name, TensorRole.WEIGHT, axes(dims), dtype, format);
    }

    private static List<Axis> axes(String... dims) {
        return java.util.Arrays.stream(dims).map(Axis::of).toList();
    }

    /** A fully connected layer on {@code tokens} rows, with the workload's weight sparsity. */
    public String linear(String name, String block, String input, long tokens, long in, long out, boolean bias) {
        return linear(name, block, input, tokens, in, out, bias, name + ".weight", linearWeightFormat);
    }

    /**
     * A fully connected layer with an explicit weight name (tied weights share one) and format.
     * Embedding-tied output heads pass the embedding's name so the parameter counts once.
     */
    public String linear(String name, String block, String input, long tokens, long in, long out, boolean bias,
                         String weightName, StorageFormat format) {
        List<TensorSpec> tensors = new ArrayList<>();
        tensors.add(activation(input, TensorRole.INPUT, "M", "K"));
        tensors.add(weight(weightName, format, "K", "N"));
        if (bias) {
            tensors.add(weight(name + ".bias", StorageFormat.DENSE, "N"));
        }
        tensors.add(activation(name + ".out", TensorRole.OUTPUT, "M", "N"));
        add(new Operator(name, "linear", block,
                List.of(new Dim("M", tokens), new Dim("N", out), new Dim("K", in)), tensors,
                new Compute.Mac(dtype), OperatorKind.CONTRACTION));
        return output(name);
    }

    /**
     * The same linear layer of {@code experts} mixture-of-experts experts, each on
     * {@code tokensPerExpert} routed tokens: one weight per expert, which the expert's tokens share.
     */
    public String experts(String name, String block, String input, long experts, long tokensPerExpert, long in,
                          long out) {
        List<TensorSpec> tensors = List.of(
                activation(input, TensorRole.INPUT, "E", "M", "K"),
                weight(name + ".weight", linearWeightFormat, "E", "K", "N"),
                activation(name + ".out", TensorRole.OUTPUT, "E", "M", "N"));
        add(new Operator(name, "expert_linear", block, List.of(new Dim("E", experts), new Dim("M", tokensPerExpert),
                new Dim("N", out), new Dim("K", in)), tensors, new Compute.Mac(dtype), OperatorKind.CONTRACTION));
        return output(name);
    }

    /**
     * A batched product of two activations, {@code [batch, heads, m, k] x [batch, heads, k, n]},
     * e.g. attention scores (m = queries, n = keys, k = head dim). For a
     * {@link Compute.BinaryAccumulate} the first operand holds the binary codes.
     */
    public String batchedMatmul(String name, String op, String block, String a, String b, long batch, long heads,
                                long m, long n, long k, Compute compute) {
        return batchedMatmul(name, op, block, a, b, batch, heads, m, n, k, compute, OperatorKind.CONTRACTION);
    }

    /** A batched product with its place in an attention core ({@code kind}'s role). */
    public String batchedMatmul(String name, String op, String block, String a, String b, long batch, long heads,
                                long m, long n, long k, Compute compute, OperatorKind.Contraction kind) {
        List<Dim> dims = List.of(new Dim("B", batch), new Dim("H", heads), new Dim("M", m), new Dim("N", n),
                new Dim("K", k));
        // the first operand of a binary accumulation is the code: one bit per element
        DType aType = compute instanceof Compute.BinaryAccumulate ? DType.BINARY : dtype;
        List<TensorSpec> tensors = List.of(
                new TensorSpec(a, TensorRole.INPUT, axes("B", "H", "M", "K"), aType, StorageFormat.DENSE),
                activation(b, TensorRole.INPUT, "B", "H", "K", "N"),
                activation(name + ".out", TensorRole.OUTPUT, "B", "H", "M", "N"));
        add(new Operator(name, op, block, dims, tensors, compute, kind));
        return output(name);
    }

    /**
     * A 2-D convolution (groups = 1) over a {@code batch x in x height x width} input; output
     * size follows PyTorch: {@code (height + 2*pad - kernel) / stride + 1}.
     */
    public Conv conv2d(String name, String block, String input, long batch, long in, long out, long height,
                       long width, long kernel, long stride, long pad, boolean bias) {
        long outH = convOut(height, kernel, stride, pad);
        long outW = convOut(width, kernel, stride, pad);
        List<Dim> dims = List.of(new Dim("N", batch), new Dim("K", out), new Dim("C", in), new Dim("P", outH),
                new Dim("Q", outW), new Dim("R", kernel), new Dim("S", kernel));
        List<TensorSpec> tensors = new ArrayList<>();
        tensors.add(new TensorSpec(strided(input, outH, outW, height, width, stride), TensorRole.INPUT,
                List.of(Axis.of("N"), Axis.of("C"), Axis.window("P", stride, "R", 1), Axis.window("Q", stride, "S", 1)),
                dtype, StorageFormat.DENSE));
        tensors.add(weight(name + ".weight", StorageFormat.DENSE, "K", "C", "R", "S"));
        if (bias) {
            tensors.add(weight(name + ".bias", StorageFormat.DENSE, "K"));
        }
        tensors.add(activation(name + ".out", TensorRole.OUTPUT, "N", "K", "P", "Q"));
        add(new Operator(name, "conv2d", block, dims, tensors, new Compute.Mac(dtype), OperatorKind.CONTRACTION));
        return new Conv(output(name), outH, outW);
    }

    /** A depthwise 2-D convolution (groups = channels), as in PVTv2's MLP. */
    public Conv depthwiseConv2d(String name, String block, String input, long batch, long channels, long height,
                                long width, long kernel, long stride, long pad, boolean bias) {
        long outH = convOut(height, kernel, stride, pad);
        long outW = convOut(width, kernel, stride, pad);
        List<Dim> dims = List.of(new Dim("N", batch), new Dim("C", channels), new Dim("P", outH), new Dim("Q", outW),
                new Dim("R", kernel), new Dim("S", kernel));
        List<TensorSpec> tensors = new ArrayList<>();
        tensors.add(new TensorSpec(strided(input, outH, outW, height, width, stride), TensorRole.INPUT,
                List.of(Axis.of("N"), Axis.of("C"), Axis.window("P", stride, "R", 1), Axis.window("Q", stride, "S", 1)),
                dtype, StorageFormat.DENSE));
        tensors.add(weight(name + ".weight", StorageFormat.DENSE, "C", "R", "S"));
        if (bias) {
            tensors.add(weight(name + ".bias", StorageFormat.DENSE, "C"));
        }
        tensors.add(activation(name + ".out", TensorRole.OUTPUT, "N", "C", "P", "Q"));
        add(new Operator(name, "dwconv2d", block, dims, tensors, new Compute.Mac(dtype), OperatorKind.CONTRACTION));
        return new Conv(output(name), outH, outW);
    }

    /**
     * A causal depthwise 1-D convolution over {@code tokens} steps (Mamba's short convolution):
     * each output step sees the {@code kernel} most recent inputs of its channel, earlier
     * steps coming from the left padding (prefill) or the convolution state (decode).
     */
    public String causalDepthwiseConv1d(String name, String block, String input, long batch, long channels,
                                        long tokens, long kernel) {
        List<Dim> dims = List.of(new Dim("N", batch), new Dim("C", channels), new Dim("L", tokens),
                new Dim("R", kernel));
        List<TensorSpec> tensors = List.of(
                new TensorSpec(input, TensorRole.INPUT, List.of(Axis.of("N"), Axis.of("C"),
                        Axis.window("L", 1, "R", 1)), dtype, StorageFormat.DENSE),
                weight(name + ".weight", StorageFormat.DENSE, "C", "R"),
                weight(name + ".bias", StorageFormat.DENSE, "C"),
                activation(name + ".out", TensorRole.OUTPUT, "N", "C", "L"));
        add(new Operator(name, "dwconv1d", block, dims, tensors, new Compute.Mac(dtype), OperatorKind.CONTRACTION));
        return output(name);
    }

    /**
     * Mamba's selective scan over {@code tokens} steps for {@code channels} x {@code state}
     * recurrences: per step and state element, discretise ({@code exp(dt*A)}: one product,
     * one exponential), the input term {@code dt*B*x} (two products), the update
     * {@code h = dA*h + dBx} (one product, one sum) and the read-out {@code C.h} (one
     * product, one sum). The time axis is sequential. {@code A} is learned as
     * {@code A_log [channels x state]}.
     */
    public String selectiveScan(String name, String block, String x, String bc, long batch, long tokens,
                                long channels, long state) {
        List<Dim> dims = List.of(new Dim("B", batch), new Dim("L", tokens), new Dim("D", channels),
                new Dim("S", state));
        List<TensorSpec> tensors = List.of(
                activation(x, TensorRole.INPUT, "B", "L", "D"),
                activation(bc, TensorRole.INPUT, "B", "L", "S"),
                weight(name + ".A_log", StorageFormat.DENSE, "D", "S"),
                activation(name + ".out", TensorRole.OUTPUT, "B", "L", "D"));
        add(new Operator(name, "scan", block, dims, tensors, new Compute.Vector(dtype, 5, 2, 1),
                new OperatorKind.Scan("L")));
        return output(name);
    }

    /**
     * Mamba-2's state-space recurrence over {@code tokens} steps: per head a
     * {@code headDim x state} state with one scalar decay {@code exp(dt*A)} per head and step
     * (one exponential, spread over the head's state), updated by {@code h = dA*h + (dt*x) B}
     * (two products, one sum; {@code dt*x} is per element of x) and read out by {@code C.h}
     * (one product, one sum). B and C are shared by each of {@code groups} groups of heads; the
     * time axis is sequential. {@code A} is learned as {@code A_log}, one per head.
     */
    public String stateSpaceScan(String name, String block, String x, String dt, String b, String c, long batch,
                                 long tokens, long groups, long headsPerGroup, long headDim, long state) {
        List<Dim> dims = List.of(new Dim("B", batch), new Dim("L", tokens), new Dim("G", groups),
                new Dim("H", headsPerGroup), new Dim("P", headDim), new Dim("S", state));
        List<TensorSpec> tensors = List.of(
                activation(x, TensorRole.INPUT, "B", "L", "G", "H", "P"),
                activation(dt, TensorRole.INPUT, "B", "L", "G", "H"),
                activation(b, TensorRole.INPUT, "B", "L", "G", "S"),
                activation(c, TensorRole.INPUT, "B", "L", "G", "S"),
                weight(name + ".A_log", StorageFormat.DENSE, "G", "H"),
                activation(name + ".out", TensorRole.OUTPUT, "B", "L", "G", "H", "P"));
        add(new Operator(name, "ssd_scan", block, dims, tensors,
                new Compute.Vector(dtype, 3, 2, 1.0 / (headDim * state)), new OperatorKind.Scan("L")));
        return output(name);
    }

    /**
     * A convolution's operand: the whole input where the output positions times the stride
     * make the input's side; otherwise padding or a cropped edge make it read the input's rows
     * unevenly.
     */
    private static String strided(String input, long outH, long outW, long height, long width, long stride) {
        return outH * stride == height && outW * stride == width ? input
                : dev.weft.workload.Graph.rows(input, "strided_unevenly");
    }

    /** A convolution's output tensor and its spatial size. */
    public record Conv(String output, long height, long width) {
        public long pixels() {
            return height * width;
        }
    }

    public static long convOut(long size, long kernel, long stride, long pad) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    /**
     * Point-wise or row-wise work over {@code rows x cols} elements on the vector unit.
     * {@code params} names learned per-column parameters (layer-norm scale and shift), each
     * {@code cols} long.
     */
    public String vector(String name, String op, String block, String input, long rows, long cols, double muls,
                         double adds, double nonlinear, String... params) {
        return elementwise(name, op, block, List.of(input), rows, cols,
                new Compute.Vector(dtype, muls, adds, nonlinear), OperatorKind.ELEMENT_WISE, params);
    }

    /** Work over whole rows of {@code cols} (softmax, a norm) reading each row {@code passes} times. */
    private String rowReduction(String name, String op, String block, String input, long rows, long cols,
                                double muls, double adds, double nonlinear, int passes, boolean exponential,
                                String... params) {
        return elementwise(name, op, block, List.of(input), rows, cols,
                new Compute.Vector(dtype, muls, adds, nonlinear), new OperatorKind.RowReduction("N", passes,
                        exponential), params);
    }

    /**
     * Element-wise work on {@code inputs} activations of {@code rows x cols} each (a residual
     * sum reads both of its terms), plus per-column {@code params}.
     */
    private String elementwise(String name, String op, String block, List<String> inputs, long rows, long cols,
                               Compute compute, OperatorKind kind, String... params) {
        List<TensorSpec> tensors = new ArrayList<>();
        for (String input : inputs) {
            tensors.add(activation(input, TensorRole.INPUT, "M", "N"));
        }
        for (String param : params) {
            tensors.add(weight(name + "." + param, StorageFormat.DENSE, "N"));
        }
        tensors.add(activation(name + ".out", TensorRole.OUTPUT, "M", "N"));
        add(new Operator(name, op, block, List.of(new Dim("M", rows), new Dim("N", cols)), tensors, compute, kind));
        return output(name);
    }

    /**
     * LayerNorm per element: the sums for mean and variance (2 adds), centring (1 add), the
     * square (1 mul), scaling by the row's reciprocal deviation and by the weight (2 muls),
     * the shift (1 add); one reciprocal square root per row.
     */
    public String layerNorm(String name, String block, String input, long rows, long cols) {
        return rowReduction(name, "layernorm", block, input, rows, cols, 3, 4, 1.0 / cols, 2, false, "weight", "bias");
    }

    /** RMSNorm (Llama, Mamba): square, sum, scale, multiply by weight; no centring, no shift. */
    public String rmsNorm(String name, String block, String input, long rows, long cols) {
        return rowReduction(name, "rmsnorm", block, input, rows, cols, 3, 1, 1.0 / cols, 2, false, "weight");
    }

    /** GELU (tanh form): about 5 multiplications, 2 additions and one tanh per element. */
    public String gelu(String name, String block, String input, long rows, long cols) {
        return vector(name, "gelu", block, input, rows, cols, 5, 2, 1);
    }

    /** SiLU: x * sigmoid(x): one exponential, one addition, one division (as a non-linear), one mul. */
    public String silu(String name, String block, String input, long rows, long cols) {
        return vector(name, "silu", block, input, rows, cols, 1, 1, 2);
    }

    /** Element-wise sum of two activations (residual connections): both terms are read. */
    public String residualAdd(String name, String block, String a, String b, long rows, long cols) {
        return elementwise(name, "add", block, List.of(a, b), rows, cols, new Compute.Vector(dtype, 0, 1, 0),
                OperatorKind.ELEMENT_WISE);
    }

    /** Element-wise product of two activations (gated MLPs): both factors are read. */
    public String multiply(String name, String block, String a, String b, long rows, long cols) {
        return elementwise(name, "mul", block, List.of(a, b), rows, cols, new Compute.Vector(dtype, 1, 0, 0),
                OperatorKind.ELEMENT_WISE);
    }

    /**
     * {@code y + D * x} over two activations of {@code rows x heads x headDim} with a learned
     * {@code D} per head (Mamba's skip term: per channel in Mamba, heads of 1).
     */
    public String skip(String name, String block, String y, String x, long rows, long heads, long headDim) {
        List<TensorSpec> tensors = List.of(
                activation(y, TensorRole.INPUT, "M", "H", "P"),
                activation(x, TensorRole.INPUT, "M", "H", "P"),
                weight(name + ".D", StorageFormat.DENSE, "H"),
                activation(name + ".out", TensorRole.OUTPUT, "M", "H", "P"));
        add(new Operator(name, "mul_add", block, List.of(new Dim("M", rows), new Dim("H", heads),
                new Dim("P", headDim)), tensors, new Compute.Vector(dtype, 1, 1, 0), OperatorKind.ELEMENT_WISE));
        return output(name);
    }

    /**
     * Softmax over rows of length {@code cols}: max (compare), subtract, exponential, sum,
     * and a multiplication by the row's reciprocal.
     */
    public String softmax(String name, String block, String input, long rows, long cols) {
        return rowReduction(name, "softmax", block, input, rows, cols, 1, 3, 1, 3, true);
    }

    /**
     * Adds a learned table that is read whole (ViT's positions, one row per token; Swin's
     * relative-position bias) to {@code rows x cols} activations. A table of which a step
     * reads only some rows (a language model's positions) is an {@link #embedding} lookup.
     */
    public String addLearned(String name, String block, String input, long rows, long cols, long tableRows) {
        List<TensorSpec> tensors = List.of(
                activation(input, TensorRole.INPUT, "M", "N"),
                new TensorSpec(name + ".table", TensorRole.WEIGHT, List.of(Axis.of("T"), Axis.of("N")), dtype,
                        StorageFormat.DENSE),
                activation(name + ".out", TensorRole.OUTPUT, "M", "N"));
        add(new Operator(name, "add", block, List.of(new Dim("M", rows), new Dim("N", cols), new Dim("T", tableRows)),
                tensors, new Compute.Vector(dtype, 0, 1.0 / tableRows, 0), OperatorKind.ELEMENT_WISE));
        return output(name);
    }

    /**
     * A row lookup into a {@code vocab x hidden} table for {@code tokens} tokens. The table
     * is named so that a tied output head can share it.
     */
    public String embedding(String name, String block, String ids, long tokens, long vocab, long hidden,
                            String tableName) {
        List<TensorSpec> tensors = List.of(
                new TensorSpec(ids, TensorRole.INPUT, List.of(Axis.of("M")), DType.INT32, StorageFormat.DENSE),
                new TensorSpec(tableName, TensorRole.WEIGHT, List.of(Axis.of("V"), Axis.of("N")), dtype,
                        StorageFormat.DENSE),
                activation(name + ".out", TensorRole.OUTPUT, "M", "N"));
        add(new Operator(name, "embedding", block,
                List.of(new Dim("M", tokens), new Dim("N", hidden), new Dim("V", vocab)), tensors,
                new Compute.Gather(dtype), new OperatorKind.Gather("V")));
        return output(name);
    }

    /** The name of the tensor that operator {@code name} writes. */
    private static String output(String name) {
        return name + ".out";
    }
}
