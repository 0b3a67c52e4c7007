package dev.weft.workload.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.error.WeftInputException;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Operator;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TokenReduction;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token pruning (keep-ratio schedules) and merging (ToMe) on DeiT-S and ViT-B/16: token counts
 * per block derived by hand, MAC counts against the papers' published FLOPs (which count one
 * multiply-accumulate as one FLOP, as fvcore does), and the inputs that are refused.
 */
class TokenReductionTest {

    /** DynamicViT with rho = 0.7 on DeiT-S: pruning before blocks 4, 7 and 10 (1-based), cumulative ratios. */
    static final TokenReduction DYNAMIC_VIT_07 = TokenReduction.Keep.parse("1,1,1,0.7,0.7,0.7,0.49,0.49,0.49,0.343");

    static WorkloadSpec spec(TokenReduction reduction) {
        return new WorkloadSpec(1, 0, 0, Phase.PREFILL, 0, AttentionKind.SOFTMAX, StorageFormat.DENSE, DType.FP32,
                16, 25, true, reduction);
    }

    static Workload build(String model, TokenReduction reduction) {
        return ModelZoo.build(model, spec(reduction));
    }

    /** Rows of each block's first LayerNorm (attention) and second (MLP). */
    static List<Long> rows(Workload workload, String norm) {
        return IntStream.range(0, 12).mapToObj(i -> workload.operators().stream()
                .filter(o -> o.name().equals("layer" + i + "." + norm)).findFirst().orElseThrow().size("M"))
                .toList();
    }

    static double macs(Workload workload, Predicate<Operator> which) {
        return workload.operators().stream().filter(which).mapToDouble(Operator::macs).sum();
    }

    static boolean reducer(Operator o) {
        return o.name().contains(".prune.") || o.name().contains(".merge.");
    }

    @Test
    void noReductionBuildsTheSameGraph() {
        assertEquals(ModelZooCountsTest.prefill(0), spec(TokenReduction.NONE).withSeq(0));
        Workload plain = ModelZoo.build("deit-s", ModelZooCountsTest.prefill(0));
        Workload none = build("deit-s", TokenReduction.NONE);
        assertEquals(plain.operators(), none.operators());
    }

    @Test
    void dynamicVitTokenCountsFollowItsCode() {
        // num_keep_node = int(196 * ratio): 137, 96, 67 patch tokens, plus the class token
        Workload pruned = build("deit-s", DYNAMIC_VIT_07);
        List<Long> expected = List.of(197L, 197L, 197L, 138L, 138L, 138L, 97L, 97L, 97L, 68L, 68L, 68L);
        assertEquals(expected, rows(pruned, "norm1"));
        assertEquals(expected, rows(pruned, "norm2"));
        // the predictors score the tokens that entered the block before: 196, 137 and 96 patch tokens
        assertEquals(List.of(196L, 137L, 96L), pruned.operators().stream()
                .filter(o -> o.name().endsWith(".prune.in")).map(o -> o.size("M")).toList());
        assertEquals(List.of("layer3", "layer6", "layer9"), pruned.operators().stream()
                .filter(o -> o.name().endsWith(".prune.in")).map(Operator::block).toList());
    }

    /**
     * Rao et al., NeurIPS 2021, Table 1 and the repository's model zoo: DynamicViT-S/0.7 2.9 GFLOPs
     * (DeiT-S 4.6). The backbone alone is 2.88 G here; the three prediction modules add
     * 1.625 C^2 MACs per scored token (0.10 G), 2.98 G in all. The paper does not say whether
     * its 2.9 includes them (its fvcore count would), so the total is held within 3%.
     */
    @Test
    void dynamicVitOnDeitSMatchesThePaper() {
        Workload pruned = build("deit-s", DYNAMIC_VIT_07);
        double backbone = macs(pruned, o -> !reducer(o));
        double predictors = macs(pruned, TokenReductionTest::reducer);
        assertEquals(2.9e9, backbone, 2.9e9 * 0.01, "backbone");
        double perToken = 384 * 384 + 384 * 192 + 192 * 96 + 96 * 2;
        assertEquals(perToken * (196 + 137 + 96), predictors, 1, "predictor MACs, by hand");
        assertEquals(2.9e9, pruned.macs(), 2.9e9 * 0.03, "with the predictors");
        double full = build("deit-s", TokenReduction.NONE).macs();
        double reduction = 1 - pruned.macs() / full;
        assertTrue(reduction > 0.33 && reduction < 0.37, "DeiT-S 4.6 -> 2.9 G is -37%; Weft " + reduction);
    }

    @Test
    void tomeTokenCountsFollowItsCode() {
        // r = 13 on 197 tokens: attention on 197 - 13i, MLP on 13 fewer, 41 left for the head
        Workload merged = build("deit-s", new TokenReduction.Merge(13));
        assertEquals(IntStream.range(0, 12).mapToObj(i -> 197L - 13L * i).toList(), rows(merged, "norm1"));
        assertEquals(IntStream.range(0, 12).mapToObj(i -> 184L - 13L * i).toList(), rows(merged, "norm2"));
        assertEquals(41L, merged.operators().stream().filter(o -> o.name().equals("norm")).findFirst()
                .orElseThrow().size("M"));
        // r = 16: the last block (21 tokens) can merge only (21 - 1) / 2 = 10, as bipartite matching pairs halves
        Workload deep = build("deit-s", new TokenReduction.Merge(16));
        assertEquals(21L, rows(deep, "norm1").get(11));
        assertEquals(11L, rows(deep, "norm2").get(11));
        // a huge r halves the non-class tokens per block and never runs out
        Workload extreme = build("deit-s", new TokenReduction.Merge(1000));
        assertEquals(List.of(197L, 99L, 50L, 26L, 14L, 8L, 5L, 3L, 2L, 2L, 2L, 2L), rows(extreme, "norm1"));
    }

    /**
     * The matching is its own operator: A x B x headDim MACs on the head-averaged keys
     * ({@code k.mean(1)}), 99 x 98 x 64 in DeiT-S's first block.
     */
    @Test
    void tomeMatchingIsCounted() {
        Workload merged = build("deit-s", new TokenReduction.Merge(13));
        Operator match = merged.operators().stream().filter(o -> o.name().equals("layer0.merge.match")).findFirst()
                .orElseThrow();
        assertEquals(99 * 98 * 64, match.macs());
        double matching = macs(merged, TokenReductionTest::reducer);
        double byHand = IntStream.range(0, 12).mapToDouble(i -> {
            long n = 197 - 13L * i;
            return (double) ((n + 1) / 2) * (n / 2) * 64;
        }).sum();
        assertEquals(byHand, matching, 1);
    }

    /**
     * Bolya et al., ICLR 2023 (ToMe), DeiT-S results as recorded by Papers with Code for the
     * paper: r = 8 3.4, r = 13 2.7, r = 16 2.3 GFLOPs. Weft: 3.42, 2.70, 2.29 G, within 2%.
     */
    @ParameterizedTest(name = "r = {0}")
    @ValueSource(ints = {8, 13, 16})
    void tomeOnDeitSMatchesThePaper(int r) {
        double published = switch (r) {
            case 8 -> 3.4e9;
            case 13 -> 2.7e9;
            default -> 2.3e9;
        };
        assertEquals(published, build("deit-s", new TokenReduction.Merge(r)).macs(), published * 0.02);
    }

    /** ViT-B/16 at r = 16: per-block counts as for DeiT-S; hand-derived MACs from the token counts. */
    @Test
    void tomeOnVitBMatchesTheHandCount() {
        Workload merged = build("vit-b16", new TokenReduction.Merge(16));
        long d = 768;
        double byHand = 196.0 * 768 * d + d * 1000;
        long n = 197;
        for (int i = 0; i < 12; i++) {
            long r = Math.min(16, (n - 1) / 2);
            byHand += 4.0 * d * d * n + 2.0 * n * n * d + 8.0 * d * d * (n - r) + (double) ((n + 1) / 2) * (n / 2) * 64;
            n -= r;
        }
        assertEquals(byHand, merged.macs(), 1);
        assertEquals(8.8e9, merged.macs(), 0.1e9);
    }

    @Test
    void badSchedulesAreRefused() {
        assertRefused("--keep", () -> TokenReduction.Keep.parse("1,0,0.5"), "outside (0, 1]");
        assertRefused("--keep", () -> TokenReduction.Keep.parse("1,1.2"), "outside (0, 1]");
        assertRefused("--keep", () -> TokenReduction.Keep.parse("1,0.5,0.7"), "do not come back");
        assertRefused("--keep", () -> TokenReduction.Keep.parse("1,,0.7"), "is not a number");
        assertRefused("--keep", () -> TokenReduction.Keep.parse("1,x"), "is not a number");
        assertRefused("--keep", () -> build("deit-s", TokenReduction.Keep.parse("1,1,1,1,1,1,1,1,1,1,1,1,0.5")),
                "13 ratios but deit-s has 12 blocks");
        assertRefused("--token-merge", () -> new TokenReduction.Merge(0), "must be 1 or more");
    }

    @Test
    void modelsWithoutPerBlockTokensRefuse() {
        assertRefused("--token-merge", () -> build("swin-t", new TokenReduction.Merge(8)), "window");
        assertRefused("--keep", () -> build("pvtv2-b0", DYNAMIC_VIT_07), "feature map");
        assertRefused("--keep", () -> build("bert-base", DYNAMIC_VIT_07), "ViT and DeiT");
        WorkloadSpec decode = new WorkloadSpec(1, 1, 0, Phase.DECODE, 128, AttentionKind.SOFTMAX,
                StorageFormat.DENSE, DType.FP32, 16, 25, true, new TokenReduction.Merge(8));
        assertRefused("--token-merge", () -> ModelZoo.build("gpt2", decode), "one token per step");
        assertRefused("--phase", () -> ModelZoo.build("deit-s", decode), "cannot decode");
    }

    /** A shorter schedule repeats its last value; a flat schedule of 1 is no pruning at all. */
    @Test
    void shortSchedulesRepeatTheirLastValue() {
        Workload half = build("vit-b16", TokenReduction.Keep.parse("1,0.5"));
        assertEquals(List.of(197L, 99L, 99L, 99L, 99L, 99L, 99L, 99L, 99L, 99L, 99L, 99L), rows(half, "norm1"));
        assertEquals(1, half.operators().stream().filter(o -> o.name().endsWith(".prune.in")).count());
        Workload ones = build("vit-b16", TokenReduction.Keep.parse("1"));
        assertEquals(build("vit-b16", TokenReduction.NONE).operators(), ones.operators());
    }

    private static void assertRefused(String option, Runnable action, String problem) {
        WeftInputException e = assertThrows(WeftInputException.class, action::run);
        assertTrue(e.getMessage().startsWith(option + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("(fix: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
