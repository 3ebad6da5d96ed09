package io.focalscope.loss;

import java.util.function.Supplier;

/**
 * What an engine's pass of one term over a batch yields: the per-pixel map (each pixel's elements
 * summed, 0 where it has none) and the sums the figures are made of, summed in double.
 *
 * @param map        the weighted loss per pixel ("onehot" form with softmax)
 * @param nllMap     the same in the "nll" form, made when asked (only some views show it)
 * @param classSum   per class (sigmoid: per channel) the summed loss; may differ from {@code sum} in the
 *                   last digits, being summed in another order
 * @param sampleSum  per sample the summed loss
 * @param sum        the summed loss
 * @param sumNll     the summed "nll" form, summed as {@code sum}, so that equal maps give equal totals
 * @param maxAbsDiff the largest per-pixel |nll - onehot|
 * @param asWritten  the source post's float32 loss per pixel, or null where not asked for
 * @param post       the figures of the post's map, null with it
 * @param dominant   sigmoid: per pixel the element that carries most of its loss; null with softmax
 */
public record TermPass(float[] map, Supplier<float[]> nllMap, double[] classSum, double[] sampleSum, double sum,
                       double sumNll, double maxAbsDiff, float[] asWritten, PostFigures post, Dominant dominant) {

    /** A pass of a loss with one form (sigmoid, cross-entropy), nothing of the post's. */
    public static TermPass of(float[] map, double[] classSum, double[] sampleSum, double sum, Dominant dominant) {
        return new TermPass(map, () -> map, classSum, sampleSum, sum, sum, 0, null, null, dominant);
    }

    /**
     * Over the labelled pixels of the post's map: the sum of its finite values, how many are not
     * finite, and the largest relative error of the finite ones against ours ("onehot").
     */
    public record PostFigures(double finiteSum, long nonFinite, double maxRelError) {

        /** Figures of parts of a batch, taken together. */
        public PostFigures plus(PostFigures o) {
            return new PostFigures(finiteSum + o.finiteSum, nonFinite + o.nonFinite, Math.max(maxRelError, o.maxRelError));
        }
    }

    /**
     * Sigmoid: per pixel its channel with the largest loss at this term, whose p_t, 1 - p_t and
     * target side the p_t and modulation layers show; made when first asked for (once each).
     */
    public record Dominant(Supplier<float[]> pt, Supplier<float[]> oneMinusPt, Supplier<boolean[]> positive) {

        public static Dominant of(float[] pt, float[] oneMinusPt, boolean[] positive) {
            return new Dominant(() -> pt, () -> oneMinusPt, () -> positive);
        }
    }
}
