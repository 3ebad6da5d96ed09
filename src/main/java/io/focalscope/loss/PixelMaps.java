package io.focalscope.loss;

import java.util.function.Supplier;

/**
 * Per-pixel maps of one evaluation, each {@code [N, H, W]} flattened in C order. Losses are 0 at
 * pixels left out (ignored label or non-finite logits); p_t and the modulation are NaN there.
 * The arrays are shared between evaluations of one prepared batch where they do not change
 * (p_t, predicted class, cross-entropy under the same weights): read them, never write them.
 * The post's map is null where the evaluation did not ask for it.
 */
public final class PixelMaps {

    private final int[] shape;
    private final float[] focal;
    private final float[] focalNll;
    private final float[] crossEntropy;
    private final float[] asWritten;
    private final float[] pt;
    private final Supplier<float[]> oneMinusPt;
    private final int[] predicted;
    private final double gamma;

    PixelMaps(int[] shape, float[] focal, float[] focalNll, float[] crossEntropy, float[] asWritten, float[] pt,
              Supplier<float[]> oneMinusPt, int[] predicted, double gamma) {
        this.shape = shape;
        this.focal = focal;
        this.focalNll = focalNll;
        this.crossEntropy = crossEntropy;
        this.asWritten = asWritten;
        this.pt = pt;
        this.oneMinusPt = oneMinusPt;
        this.predicted = predicted;
        this.gamma = gamma;
    }

    /** The same maps with another per-pixel loss in place of the focal loss (a library's, say). */
    public PixelMaps withFocal(float[] other) {
        return new PixelMaps(shape, other, other, crossEntropy, asWritten, pt, oneMinusPt, predicted, gamma);
    }

    /** {@code [N, H, W]}. */
    public int[] shape() {
        return shape.clone();
    }

    /** Weighted focal loss, "onehot" form. */
    public float[] focal() {
        return focal;
    }

    /** Weighted focal loss, "nll" form. */
    public float[] focalNll() {
        return focalNll;
    }

    /** Weighted cross-entropy {@code -α_y log p_t}. */
    public float[] crossEntropy() {
        return crossEntropy;
    }

    /** The loss as the source post's float32 code computes it: +inf or NaN where it breaks (see {@link AsWritten}). */
    public float[] asWritten() {
        return asWritten;
    }

    /** Probability of the labelled class. */
    public float[] pt() {
        return pt;
    }

    /** The arg-max class, -1 where the logits are not finite. */
    public int[] predicted() {
        return predicted;
    }

    /** {@code (1 - p_t)^γ} at one pixel. */
    public float modulation(int p) {
        return modulationRatio(p, gamma);
    }

    /**
     * {@code (1 - p_t)^Δγ} at one pixel: the focal loss at γ + Δγ over the loss at γ (weight and
     * log p_t cancel), from the kept {@code 1 - p_t}, so that it holds where both losses round to 0.
     */
    public float modulationRatio(int p, double deltaGamma) {
        return Float.isNaN(pt[p]) ? Float.NaN : (float) Math.pow(oneMinusPt.get()[p], deltaGamma);
    }
}
