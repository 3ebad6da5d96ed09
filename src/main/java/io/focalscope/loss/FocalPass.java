package io.focalscope.loss;

/**
 * What an engine's pass for one γ yields: the per-pixel maps (0 at pixels left out) and the sums
 * the figures are made of, summed in double.
 *
 * @param focal       weighted focal loss per pixel, "onehot" form
 * @param focalNll    the same, "nll" form
 * @param asWritten   the loss per pixel as the source post's float32 code computes it (see {@link AsWritten}),
 *                    or null where not asked for
 * @param classSum    per class, the summed "onehot" focal loss (for shares: they may differ from the
 *                    totals in the last digits, as they are summed in another order)
 * @param sampleSum   per sample, the summed "onehot" focal loss
 * @param sumOnehot   the summed "onehot" focal loss
 * @param sumNll      the summed "nll" focal loss, summed the same way, so that equal maps give equal totals
 * @param maxAbsDiff  the largest per-pixel |nll - onehot|
 * @param post        the figures of the post's map, null with it
 */
public record FocalPass(float[] focal, float[] focalNll, float[] asWritten, double[] classSum, double[] sampleSum,
                        double sumOnehot, double sumNll, double maxAbsDiff, PostFigures post) {

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
}
