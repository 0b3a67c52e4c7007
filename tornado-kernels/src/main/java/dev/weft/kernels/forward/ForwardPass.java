package dev.weft.kernels.forward;

import dev.weft.error.WeftInputException;
import dev.weft.kernels.AttentionBlocks;
import dev.weft.kernels.CachedAttentionShape;
import dev.weft.kernels.ConvShape;
import dev.weft.kernels.Executor;
import dev.weft.kernels.KvCache;
import dev.weft.kernels.MatmulShape;
import dev.weft.kernels.Pointwise;
import dev.weft.kernels.RopeShape;
import dev.weft.kernels.forward.ModelWeights.Init;
import dev.weft.schedule.GemmTile;
import dev.weft.workload.Graph;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.OperatorKind.Contraction.Role;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorSpec;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Executes a workload graph as the model's forward pass on one executor: every operator
 * reads the tensors its producers wrote (the graph's links), parameters come from
 * {@link ModelWeights}, and the graph's inputs are drawn from the seed (token ids, pixels)
 * or follow from the step (positions; token types are 0).
 *
 * <p>Softmax attention runs fused: the scores product, the softmax and the product with the
 * values are one FlashAttention kernel over a {@link KvCache}, to which the new tokens' keys
 * and values are appended first. In prefill the cache holds the prompt; in decode it lives
 * for all steps, holding {@code kv - 1} earlier tokens (drawn from the seed, standing in for
 * a prompt) before the first step, one more after each.
 *
 * <p>Layouts: activations are token-major {@code [tokens, width]}, as the graph's linear
 * layers read them; a Q, K or V projection's width is {@code heads x headDim}; a patch
 * embedding writes its tokens (see {@link ConvShape}). Views the graph names are taken on
 * the host: a slice of columns ({@code qkv#q}, {@code gate_up#gate}), the first or last
 * token of each sequence, a class token before each image's patches.
 */
public final class ForwardPass {
    /**
     * Largest error of a final output against the reference, as the largest absolute error
     * over the reference's largest magnitude and as the relative L2 norm. Kernels compute in
     * fp32 against the reference's double sums; over a dozen layers the differences grow to
     * ~1e-5 (measured: see the module README).
     */
    public static final double BOUND = 1e-3;

    /** Normalisation epsilon: Hugging Face's layer_norm_eps and rms_norm_eps of the zoo's models. */
    private static final float EPS = 1e-5f;

    private static final Set<String> ENCODERS = Set.of("bert", "vit");
    private static final Set<String> ROW_VIEWS = Set.of("first_token", "cls_token", "last_token", "prepended_to");
    private static final Set<String> SUPPORTED = Set.of("embedding", "linear", "layernorm", "rmsnorm", "gelu",
            "silu", "tanh", "add", "mul", "rope", "conv2d", "concat", "attention.qk", "softmax", "attention.av");

    /** The kernel of a scores product: it also computes the softmax and the values product that follow. */
    public static final String FLASH = "flash attention";
    /** The kernel named for a softmax and a values product that the scores product's flash attention computed. */
    public static final String FUSED = "(in flash attention)";

    /**
     * One operator's device time per step of a pass, what ran it, and the tensor it wrote
     * ({@code null} for a softmax and values product that a flash attention computed).
     */
    public record LayerTime(String layer, String op, String kernel, double seconds, String output) {
    }

    /**
     * A pass's results: the graph's outputs (every step's, one after the other), every
     * operator's output of the last step, and the time of each operator per step.
     */
    public record Result(Map<String, float[]> outputs, Map<String, float[]> tensors, List<LayerTime> layers) {
    }

    private final Workload workload;
    private final Graph graph;
    private final ModelWeights weights;
    private final AttentionBlocks blocks;
    private final Function<String, GemmTile> tiles;
    private final long seed;
    private final int batch;

    /**
     * @param tiles the GEMM work-group tile per operator name ({@code null}: the executor's)
     */
    public ForwardPass(Workload workload, ModelWeights weights, AttentionBlocks blocks,
                       Function<String, GemmTile> tiles, long seed) {
        unsupported(workload).ifPresent(reason -> {
            throw new WeftInputException("--model", null, reason, "run a BERT, GPT-2, Llama-style or ViT/DeiT model");
        });
        this.workload = workload;
        this.graph = Graph.of(workload);
        this.weights = weights;
        this.blocks = blocks;
        this.tiles = tiles;
        this.seed = seed;
        this.batch = workload.spec().batch();
    }

    /** Why the workload cannot run as a forward pass (an operator or view without a kernel), or empty. */
    public static Optional<String> unsupported(Workload workload) {
        if (workload.spec().attention() != dev.weft.workload.AttentionKind.SOFTMAX) {
            return Optional.of("the forward pass runs softmax attention, not " + workload.spec().attention());
        }
        Graph graph = Graph.of(workload);
        for (Operator op : workload.operators()) {
            if (!SUPPORTED.contains(op.op())) {
                return Optional.of(workload.model() + "'s operator " + op.name() + " (" + op.op()
                        + ") has no forward-pass kernel");
            }
            if (op.weights().stream().anyMatch(w -> w.format() != StorageFormat.DENSE)) {
                return Optional.of("the forward pass runs dense weights; " + op.name() + " has "
                        + op.weights().get(0).format());
            }
            if (op.kind().is(Role.ATTENTION_SCORES) && attentionGroup(graph, op).isEmpty()) {
                return Optional.of(op.name() + ": the scores pass through more than a softmax before the values "
                        + "(bias, soft cap), which the fused kernel does not apply");
            }
            for (TensorSpec input : Graph.activations(op)) {
                for (String view : input.name().split("&")) {
                    int at = view.indexOf('@');
                    if (at >= 0 && !ROW_VIEWS.contains(view.substring(at + 1))) {
                        return Optional.of(op.name() + " reads rows '" + view.substring(at + 1) + "' of "
                                + view.substring(0, at) + ", which the forward pass does not select");
                    }
                    int part = view.indexOf('#');
                    if (part >= 0 && !Set.of("q", "k", "v", "gate", "up").contains(view.substring(part + 1))) {
                        return Optional.of(op.name() + " reads part '" + view.substring(part + 1) + "' of "
                                + view.substring(0, part) + ", which the forward pass does not slice");
                    }
                }
            }
        }
        return Optional.empty();
    }

    public AttentionBlocks blocks() {
        return blocks;
    }

    /** Per fused attention: the names of its scores product, softmax and values product. */
    public List<List<String>> attentionGroups() {
        List<List<String>> groups = new ArrayList<>();
        for (Operator op : workload.operators()) {
            if (op.kind().is(Role.ATTENTION_SCORES)) {
                Operator[] rest = attentionGroup(graph, op).orElseThrow();
                groups.add(List.of(op.name(), rest[0].name(), rest[1].name()));
            }
        }
        return groups;
    }

    /** The softmax and the values product that follow a scores product, when nothing else comes between. */
    private static Optional<Operator[]> attentionGroup(Graph graph, Operator qk) {
        List<Operator> next = graph.consumers(qk.output().name());
        if (next.size() != 1 || !(next.get(0).kind() instanceof OperatorKind.RowReduction row && row.exponential())) {
            return Optional.empty();
        }
        List<Operator> after = graph.consumers(next.get(0).output().name());
        if (after.size() != 1 || !after.get(0).kind().is(Role.ATTENTION_CONTEXT)) {
            return Optional.empty();
        }
        return Optional.of(new Operator[] {next.get(0), after.get(0)});
    }

    /**
     * Runs the pass on {@code executor}: one step in prefill, {@code steps} decode steps (the
     * token of step t at position {@code kv - 1 + t}) in decode.
     */
    public Result run(Executor executor, int steps) {
        boolean decode = workload.spec().phase() == Phase.DECODE;
        if (!decode && steps != 1) {
            throw new WeftInputException("--tokens", null, "prefill runs one step, " + steps + " were asked",
                    "use --tokens with --phase decode only");
        }
        Map<String, List<float[]>> outputs = new LinkedHashMap<>();
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, String> kernels = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        Map<String, KvCache> caches = new LinkedHashMap<>();
        Step step = null;
        try {
            for (int t = 0; t < steps; t++) {
                step = new Step(executor, t, decode ? workload.spec().kvLength() - 1 + t : 0, caches, decode, steps);
                for (Operator op : workload.operators()) {
                    step.execute(op);
                    seconds.computeIfAbsent(op.name(), n -> new double[1])[0] += step.seconds;
                    kernels.put(op.name(), step.kernel);
                    written.put(op.name(), step.written);
                }
                for (String out : graph.outputs()) {
                    outputs.computeIfAbsent(out, o -> new ArrayList<>()).add(step.tensors.get(out).data());
                }
                if (!decode) {
                    caches.values().forEach(KvCache::close);
                    caches.clear();
                }
            }
        } finally {
            caches.values().forEach(KvCache::close);
        }
        Map<String, float[]> joined = new LinkedHashMap<>();
        outputs.forEach((name, list) -> joined.put(name, concat(list)));
        Map<String, float[]> last = new LinkedHashMap<>();
        step.tensors.forEach((name, tensor) -> last.put(name, tensor.data()));
        List<LayerTime> layers = new ArrayList<>();
        for (Operator op : workload.operators()) {
            layers.add(new LayerTime(op.name(), op.op(), kernels.get(op.name()), seconds.get(op.name())[0] / steps,
                    written.get(op.name())));
        }
        return new Result(joined, last, layers);
    }

    private static float[] concat(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** A token-major activation: rows of {@code cols}. */
    private record Tensor(float[] data, int cols) {
        int rows() {
            return data.length / cols;
        }
    }

    /** The operators of one step on one executor. */
    private final class Step {
        final Executor ex;
        final int index;
        final int firstPosition;
        final Map<String, KvCache> caches;
        final boolean decode;
        final int steps;
        final Map<String, Tensor> tensors = new LinkedHashMap<>();
        final Set<String> fused = new HashSet<>();
        double seconds;
        String kernel;
        String written;

        Step(Executor ex, int index, int firstPosition, Map<String, KvCache> caches, boolean decode, int steps) {
            this.ex = ex;
            this.index = index;
            this.firstPosition = firstPosition;
            this.caches = caches;
            this.decode = decode;
            this.steps = steps;
        }

        void execute(Operator op) {
            seconds = 0;
            written = null;
            if (fused.contains(op.name())) {
                kernel = FUSED;
                return;
            }
            switch (op.op()) {
                case "embedding" -> embedding(op);
                case "linear" -> linear(op);
                case "layernorm" -> {
                    Tensor x = input(op, 0);
                    int n = x.cols();
                    put(op, "layernorm", x.cols(), ex.layerNorm(x.rows(), n, x.data(),
                            param(op, "weight", n, Init.NORM_SCALE), param(op, "bias", n, Init.NORM_SHIFT), EPS));
                }
                case "rmsnorm" -> {
                    Tensor x = input(op, 0);
                    put(op, "rmsnorm", x.cols(), ex.rmsNorm(x.rows(), x.cols(), x.data(),
                            param(op, "weight", x.cols(), Init.NORM_SCALE), EPS));
                }
                case "gelu", "silu", "tanh" -> {
                    Pointwise f = Arrays.stream(Pointwise.values()).filter(p -> p.op.equals(op.op())).findFirst()
                            .orElseThrow();
                    Tensor x = input(op, 0);
                    put(op, op.op(), x.cols(), ex.pointwise(f, x.data()));
                }
                case "add", "mul" -> elementwise(op);
                case "rope" -> rope(op);
                case "conv2d" -> conv(op);
                case "concat" -> {
                    // a class token per image: one row of a one-row table, gathered batch times
                    int n = (int) op.size("N");
                    float[] token = param(op, "token", n, Init.UNIT);
                    put(op, "gather", n, ex.gather(token, n, new int[(int) op.size("M")]));
                }
                case "attention.qk" -> attention(op);
                default -> throw new IllegalStateException(op.op() + " passed unsupported()");
            }
        }

        private void put(Operator op, String kernelName, int cols, float[] data) {
            put(op.output().name(), kernelName, cols, data);
        }

        private void put(String tensor, String kernelName, int cols, float[] data) {
            seconds += ex.lastSeconds();
            kernel = kernelName;
            written = tensor;
            tensors.put(tensor, new Tensor(data, cols));
        }

        private float[] param(Operator op, String suffix, int n, Init init) {
            return weights.get(op.name() + "." + suffix, 1, n, init);
        }

        private Tensor input(Operator op, int index) {
            return read(Graph.activations(op).get(index).name(), Map.of());
        }

        /**
         * The tensor a view names; {@code parts} gives the column range of each slice name,
         * else a slice is a half (a fused gate and up projection).
         */
        private Tensor read(String view, Map<String, int[]> parts) {
            if (view.contains("&")) {
                List<Tensor> pieces = Arrays.stream(view.split("&")).map(v -> read(v, parts)).toList();
                return interleave(pieces);
            }
            int at = view.indexOf('@');
            if (at >= 0) {
                Tensor whole = read(view.substring(0, at), parts);
                return switch (view.substring(at + 1)) {
                    case "first_token", "cls_token" -> rowOfEach(whole, 0);
                    case "last_token" -> rowOfEach(whole, whole.rows() / batch - 1);
                    default -> whole;
                };
            }
            int hash = view.indexOf('#');
            if (hash >= 0) {
                Tensor whole = read(view.substring(0, hash), parts);
                String part = view.substring(hash + 1);
                int[] range = parts.getOrDefault(part, part.equals("gate") ? new int[] {0, whole.cols() / 2}
                        : new int[] {whole.cols() / 2, whole.cols() / 2});
                return columns(whole, range[0], range[1]);
            }
            Tensor t = tensors.get(view);
            if (t == null) {
                throw new IllegalStateException("tensor " + view + " read before it is written");
            }
            return t;
        }

        /** The sequences' rows one after the other, per sequence (the class token before its image's patches). */
        private Tensor interleave(List<Tensor> pieces) {
            int cols = pieces.get(0).cols();
            float[] out = new float[pieces.stream().mapToInt(p -> p.data().length).sum()];
            int at = 0;
            for (int b = 0; b < batch; b++) {
                for (Tensor p : pieces) {
                    int per = p.data().length / batch;
                    System.arraycopy(p.data(), b * per, out, at, per);
                    at += per;
                }
            }
            return new Tensor(out, cols);
        }

        private Tensor rowOfEach(Tensor t, int row) {
            int per = t.rows() / batch;
            float[] out = new float[batch * t.cols()];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(t.data(), (b * per + row) * t.cols(), out, b * t.cols(), t.cols());
            }
            return new Tensor(out, t.cols());
        }

        private Tensor columns(Tensor t, int from, int width) {
            float[] out = new float[t.rows() * width];
            for (int r = 0; r < t.rows(); r++) {
                System.arraycopy(t.data(), r * t.cols() + from, out, r * width, width);
            }
            return new Tensor(out, width);
        }

        private void embedding(Operator op) {
            int rows = (int) op.size("M");
            int vocab = (int) op.size("V");
            int n = (int) op.size("N");
            String idsName = Graph.activations(op).get(0).name();
            int perSequence = rows / batch;
            int[] ids = new int[rows];
            switch (idsName) {
                case "input_ids" -> {
                    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
                    Arrays.setAll(ids, r -> random.nextInt(vocab));
                }
                case "position_ids" -> Arrays.setAll(ids, r -> firstPosition + r % perSequence);
                case "token_type_ids" -> Arrays.fill(ids, 0);
                default -> throw new WeftInputException("--model", null, op.name() + " looks up " + idsName
                        + ", an input the forward pass does not draw", "run a model whose lookups take token "
                        + "ids, positions or token types");
            }
            float[] table = weights.get(op.weights().get(0).name(), vocab, n, Init.UNIT);
            put(op, "gather", n, ex.gather(table, n, ids));
        }

        private void linear(Operator op) {
            Tensor x = input(op, 0);
            int m = (int) op.size("M");
            int n = (int) op.size("N");
            int k = (int) op.size("K");
            float[] w = weights.get(op.weights().get(0).name(), k, n, Init.fanIn(k));
            float[] y = ex.matmul(MatmulShape.gemm(m, n, k), tiles.apply(op.name()), x.data(), w);
            double gemmSeconds = ex.lastSeconds();
            boolean bias = op.weights().size() > 1;
            if (bias) {
                y = ex.add(y, param(op, "bias", n, Init.fanIn(k)));
            }
            put(op, bias ? "gemm + bias" : "gemm", n, y);
            seconds += gemmSeconds;
        }

        private void elementwise(Operator op) {
            List<TensorSpec> inputs = Graph.activations(op);
            Tensor x = input(op, 0);
            float[] y;
            if (inputs.size() == 2) {
                y = input(op, 1).data();
            } else if (op.op().equals("add") && !op.weights().isEmpty()) {
                // a learned table read whole, repeated per sequence (ViT's positions)
                y = weights.get(op.weights().get(0).name(), (int) op.size("T"), x.cols(), new Init(0, 0.5));
            } else {
                throw new WeftInputException("--model", null, op.name() + " (" + op.op() + ") has one operand and "
                        + "no table", "run a model whose element-wise layers combine two tensors");
            }
            put(op, op.op(), x.cols(), op.op().equals("add") ? ex.add(x.data(), y) : ex.multiply(x.data(), y));
        }

        private void rope(Operator op) {
            Tensor x = input(op, 0);
            Operator reader = graph.consumers(op.output().name()).stream()
                    .filter(c -> c.kind().is(Role.ATTENTION_SCORES)).findFirst().orElseThrow(() -> new WeftInputException(
                            "--model", null, op.name() + " feeds no attention", "run a Llama-style model"));
            int headDim = (int) reader.size("K");
            RopeShape shape = new RopeShape(x.rows(), x.cols() / headDim, headDim, x.rows() / batch, firstPosition,
                    RopeShape.DEFAULT_BASE);
            put(op, "rope", x.cols(), ex.rope(shape, x.data()));
        }

        private void conv(Operator op) {
            TensorSpec in = Graph.activations(op).get(0);
            List<Long> shape = in.shape(op.dimSizes());
            int kernelSize = (int) op.size("R");
            int stride = (int) in.axes().get(2).terms().get(0).coefficient();
            ConvShape s = new ConvShape((int) op.size("N"), (int) op.size("C"), shape.get(2).intValue(),
                    shape.get(3).intValue(), (int) op.size("K"), kernelSize, stride, 0);
            if (s.outHeight() != op.size("P") || s.outWidth() != op.size("Q")) {
                throw new WeftInputException("--model", null, op.name() + " is a padded convolution",
                        "run a ViT/DeiT model, whose patch embedding has no padding");
            }
            float[] pixels = weights.draw(in.name() + "#" + index, s.batch() * s.channels() * s.height() * s.width(),
                    Init.UNIT);
            float[] w = weights.get(op.name() + ".weight", s.outChannels(), s.patch(), Init.fanIn(s.patch()));
            float[] bias = param(op, "bias", s.outChannels(), Init.fanIn(s.patch()));
            put(op, "im2col + gemm + bias", s.outChannels(), ex.conv2d(s, pixels, w, bias));
        }

        /** Scores, softmax and values product as one fused kernel over the layer's KV cache. */
        private void attention(Operator qk) {
            Operator[] group = attentionGroup(graph, qk).orElseThrow();
            Operator av = group[1];
            int kvHeads = (int) qk.size("H");
            int headDim = (int) qk.size("K");
            String qView = Graph.activations(qk).get(0).name();
            String kView = Graph.activations(qk).get(1).name();
            String vView = Graph.activations(av).get(1).name();
            int rows = read(sourceOf(qView), Map.of()).rows();
            int queries = rows / batch;
            int heads = (int) (kvHeads * qk.size("M") / queries);
            int kvWidth = kvHeads * headDim;
            Map<String, int[]> parts = Map.of("q", new int[] {0, heads * headDim}, "k",
                    new int[] {heads * headDim, kvWidth}, "v", new int[] {heads * headDim + kvWidth, kvWidth});
            Tensor q = read(qView, parts);
            Tensor k = read(newTokens(kView), parts);
            Tensor v = read(newTokens(vView), parts);
            String cacheName = kView.contains("&") ? kView.substring(0, kView.indexOf('&')) : qk.name();
            KvCache cache = caches.get(cacheName);
            if (cache == null) {
                int held = decode ? (int) qk.size("N") - queries : 0;
                cache = ex.kvCache(new KvCache.Shape(batch, kvHeads, headDim, held + queries * (decode ? steps : 1)));
                caches.put(cacheName, cache);
                if (held > 0) {
                    int elements = batch * held * kvWidth;
                    ex.append(cache, held, weights.draw(cacheName + ".k", elements, Init.UNIT),
                            weights.draw(cacheName + ".v", elements, Init.UNIT));
                }
            }
            ex.append(cache, queries, k.data(), v.data());
            double appendSeconds = ex.lastSeconds();
            boolean causal = !ENCODERS.contains(workload.family());
            float[] out = ex.attention(new CachedAttentionShape(batch, heads, kvHeads, queries, headDim, causal),
                    blocks, q.data(), cache);
            fused.add(group[0].name());
            fused.add(av.name());
            put(av, FLASH + " " + blocks, heads * headDim, out);
            seconds += appendSeconds;
        }
    }

    /** The new tokens' part of a keys or values operand that reads the cache first. */
    private static String newTokens(String view) {
        return view.contains("&") ? view.substring(view.indexOf('&') + 1) : view;
    }

    private static String sourceOf(String view) {
        return Graph.sources(view).get(0);
    }
}
