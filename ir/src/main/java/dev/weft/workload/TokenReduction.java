package dev.weft.workload;

import dev.weft.error.WeftInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a vision transformer's token count shrinks from block to block: not at all, by a
 * per-block keep-ratio schedule (token pruning: DynamicViT, A-ViT, Token Transforming), or
 * by merging a fixed number of tokens per block (ToMe). A value of the user's request; the
 * model family turns it into token counts per block, since only it knows the blocks.
 */
public sealed interface TokenReduction {

    /** Every block runs on every token. */
    TokenReduction NONE = new None();

    /** The command-line option that asks for this reduction, for error messages. */
    String option();

    /** A short description for reports, e.g. {@code keep=1,1,1,0.7} or {@code tome-r=13}. */
    String label();

    default boolean isNone() {
        return this instanceof None;
    }

    /** No reduction. */
    record None() implements TokenReduction {
        @Override
        public String option() {
            return "";
        }

        @Override
        public String label() {
            return "none";
        }
    }

    /**
     * Token pruning by a keep-ratio schedule, DynamicViT's convention (Rao et al., NeurIPS
     * 2021): {@code ratios.get(i)} is the share of the <em>original</em> patch tokens that block
     * {@code i} runs on (cumulative, not relative to the block before), the class token always
     * kept. Pruned tokens do not come back, so the schedule never rises. A schedule shorter
     * than the model repeats its last value.
     */
    record Keep(List<Double> ratios) implements TokenReduction {
        public static final String OPTION = "--keep";

        public Keep {
            ratios = List.copyOf(ratios);
            if (ratios.isEmpty()) {
                throw new WeftInputException(OPTION, null, "is empty", "give one keep ratio per block, e.g. 1,1,1,0.7");
            }
            for (int i = 0; i < ratios.size(); i++) {
                double ratio = ratios.get(i);
                if (!(ratio > 0 && ratio <= 1)) {
                    throw new WeftInputException(OPTION, null, "ratio " + (i + 1) + " is " + format(ratio)
                            + ", outside (0, 1]", "give shares of the original tokens such as 1,1,1,0.7,0.7,0.7,0.49");
                }
                if (i > 0 && ratio > ratios.get(i - 1)) {
                    throw new WeftInputException(OPTION, null, "ratio " + (i + 1) + " (" + format(ratio)
                            + ") is above the one before (" + format(ratios.get(i - 1)) + "), but pruned tokens "
                            + "do not come back", "give a schedule that never rises; each ratio is a share of the "
                            + "original tokens, e.g. 1,1,1,0.7,0.7,0.7,0.49");
                }
            }
        }

        /** Parses {@code 1,1,0.7,...}. */
        public static Keep parse(String text) {
            List<Double> ratios = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    ratios.add(Double.parseDouble(part.trim()));
                } catch (NumberFormatException e) {
                    throw new WeftInputException(OPTION, null, "'" + part.trim() + "' is not a number",
                            "give comma-separated keep ratios in (0, 1], e.g. 1,1,1,0.7,0.7,0.7,0.49");
                }
            }
            return new Keep(ratios);
        }

        /** The ratio of block {@code block}: the schedule's, or its last value past its end. */
        public double ratio(int block) {
            return ratios.get(Math.min(block, ratios.size() - 1));
        }

        /** Rejects a schedule with more values than the model has blocks. */
        public void requireAtMost(int blocks, String model) {
            if (ratios.size() > blocks) {
                throw new WeftInputException(OPTION, null, "gives " + ratios.size() + " ratios but " + model
                        + " has " + blocks + " blocks", "give at most " + blocks + " ratios (a shorter list "
                        + "repeats its last value)");
            }
        }

        @Override
        public String option() {
            return OPTION;
        }

        @Override
        public String label() {
            return "keep=" + String.join(",", ratios.stream().map(Keep::format).toList());
        }

        private static String format(double ratio) {
            String text = String.format(Locale.ROOT, "%.6f", ratio);
            return text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }

    /**
     * Token merging (ToMe; Bolya et al., ICLR 2023): every block merges {@code perBlock}
     * tokens after its attention, by bipartite soft matching on the keys.
     */
    record Merge(int perBlock) implements TokenReduction {
        public static final String OPTION = "--token-merge";

        public Merge {
            if (perBlock <= 0) {
                throw new WeftInputException(OPTION, null, "must be 1 or more, was " + perBlock,
                        "give the tokens merged per block, e.g. 13 (ToMe's r), or leave the option out");
            }
        }

        @Override
        public String option() {
            return OPTION;
        }

        @Override
        public String label() {
            return "tome-r=" + perBlock;
        }
    }
}
