package io.focalscope.loss;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the per-pixel losses {@code l_i = -α_{y_i} (1 - p_t)^γ log p_t} become one number. Libraries
 * disagree on the denominator, so each mode states its formula. L is the set of labelled pixels
 * (not ignored, finite logits), P all pixels of the batch.
 */
public enum Reduction {
    /** {@code Σ_L l_i / |L|}: the weight stays inside each term, as in the source post. */
    MEAN("mean"),
    /** {@code Σ_L l_i}. */
    SUM("sum"),
    /** {@code Σ_L l_i / Σ_L α_{y_i}}: PyTorch's cross_entropy(weight=...) convention. */
    WEIGHTED_MEAN("weighted-mean"),
    /** {@code Σ_L l_i / |P|}: ignored pixels count as zero losses, as several libraries do. */
    MEAN_ALL("mean-all");

    private final String cliName;

    Reduction(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Applies the reduction to a sum of per-pixel losses. */
    public double reduce(double lossSum, long labelledPixels, double alphaSum, long allPixels) {
        return switch (this) {
            case MEAN -> lossSum / labelledPixels;
            case SUM -> lossSum;
            case WEIGHTED_MEAN -> {
                if (alphaSum == 0 && labelledPixels > 0) {
                    throw new io.focalscope.io.InputException("weighted-mean divides by the labelled pixels' class weights"
                            + " (times α), which sum to 0 here: every labelled pixel's class has weight 0;"
                            + " use --reduction mean or sum, or other weights");
                }
                yield lossSum / alphaSum;
            }
            case MEAN_ALL -> lossSum / allPixels;
        };
    }

    public static Reduction parse(String text) {
        for (Reduction r : values()) {
            if (r.cliName.equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + text + "': expected one of "
                + Arrays.stream(values()).map(Reduction::cliName).toList());
    }

    @Override
    public String toString() {
        return cliName;
    }
}
