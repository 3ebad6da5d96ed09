package io.focalscope.loss;

/**
 * What the source post's own code would report for the same inputs and settings. It takes
 * {@code log(softmax(z))} and {@code 1 - p} in float32: where p_t underflows to 0 (a logit gap beyond
 * about 87 to 104) the log is -inf and the loss +inf (or NaN under a zero weight), and close to
 * p_t = 1 both {@code 1 - p} and {@code log p} lose their digits.
 *
 * @param loss            the post's loss under the same weights and reduction, null where it is not finite
 * @param nonFinitePixels labelled pixels where the post's per-pixel loss is infinite or NaN
 * @param maxRelError     the largest {@code |post - ours| / |ours|} over labelled pixels where the post's
 *                        loss is finite (ours is the "onehot" form; 0 against 0 counts as no error)
 */
public record AsWritten(Double loss, long nonFinitePixels, double maxRelError) {

    /** The figures under a reduction: its loss only where every labelled pixel's is finite. */
    static AsWritten of(TermPass.PostFigures f, Reduction reduction, long labelled, double alphaSum, long allPixels) {
        Double loss = f.nonFinite() > 0 ? null : reduction.reduce(f.finiteSum(), labelled, alphaSum, allPixels);
        return new AsWritten(loss, f.nonFinite(), f.maxRelError());
    }
}
