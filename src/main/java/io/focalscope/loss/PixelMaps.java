package io.focalscope.loss;

import java.util.function.Supplier;

/**
 * Per-pixel maps of one evaluation, each {@code [N, H, W]} flattened in C order. Losses and
 * gradients are 0 at pixels left out (ignored label or non-finite logits); p_t and the modulation
 * are NaN there. The arrays are shared between evaluations of one prepared batch where they do not
 * change (p_t with softmax, the predicted class, cross-entropy under the same weights): read them,
 * never write them. With sigmoid, p_t and the modulation are those of each pixel's channel that
 * carries most of its loss. The post's map is null where the evaluation did not ask for it, the
 * gradients where it did not ask for them.
 */
public final class PixelMaps {

    private final int[] shape;
    private final Supplier<float[]> loss;
    private final Supplier<float[]> lossNll;
    private final GammaRamp ramp;
    private final float[] crossEntropy;
    private final float[] asWritten;
    private final Supplier<float[]> pt;
    private final Supplier<float[]> oneMinusPt;
    private final Supplier<boolean[]> positive;
    private final int[] predicted;
    private final LossTerm term;
    private final float[] gradient;
    private final float[] crossEntropyGradient;

    /**
     * @param positive per pixel whether the element shown is a positive target (sigmoid); null: all are
     */
    PixelMaps(int[] shape, float[] loss, Supplier<float[]> lossNll, float[] crossEntropy, float[] asWritten,
              Supplier<float[]> pt, Supplier<float[]> oneMinusPt, Supplier<boolean[]> positive, int[] predicted, LossTerm term,
              float[] gradient, float[] crossEntropyGradient) {
        this(shape, () -> loss, lossNll, null, crossEntropy, asWritten, pt, oneMinusPt, positive, predicted, term, gradient,
                crossEntropyGradient);
    }

    /**
     * Maps whose loss comes from a {@link GammaRamp} (a preview while γ moves): each pixel when asked,
     * the whole map, both forms alike, only when a view asks for all of it.
     */
    PixelMaps(int[] shape, GammaRamp ramp, float[] crossEntropy, Supplier<float[]> pt, Supplier<float[]> oneMinusPt,
              int[] predicted, LossTerm term) {
        this(shape, AbstractPreparedBatch.once(ramp::map), null, ramp, crossEntropy, null, pt, oneMinusPt, null, predicted, term,
                null, null);
    }

    private PixelMaps(int[] shape, Supplier<float[]> loss, Supplier<float[]> lossNll, GammaRamp ramp, float[] crossEntropy,
                      float[] asWritten, Supplier<float[]> pt, Supplier<float[]> oneMinusPt, Supplier<boolean[]> positive,
                      int[] predicted, LossTerm term, float[] gradient, float[] crossEntropyGradient) {
        this.shape = shape;
        this.loss = loss;
        this.lossNll = lossNll == null ? loss : lossNll;
        this.ramp = ramp;
        this.crossEntropy = crossEntropy;
        this.asWritten = asWritten;
        this.pt = pt;
        this.oneMinusPt = oneMinusPt;
        this.positive = positive;
        this.predicted = predicted;
        this.term = term;
        this.gradient = gradient;
        this.crossEntropyGradient = crossEntropyGradient;
    }

    /** The same maps with another per-pixel loss in place of this one (a library's, say). */
    public PixelMaps withFocal(float[] other) {
        return new PixelMaps(shape, other, () -> other, crossEntropy, asWritten, pt, oneMinusPt, positive, predicted, term,
                gradient, crossEntropyGradient);
    }

    /** {@code [N, H, W]}. */
    public int[] shape() {
        return shape.clone();
    }

    /** The weighted loss of the term, "onehot" form. */
    public float[] focal() {
        return loss.get();
    }

    /** The loss at one pixel, of the "nll" form or the "onehot" one, without making a map that is not made. */
    public float lossAt(int p, boolean nll) {
        return ramp != null ? ramp.loss(p) : nll ? lossNll.get()[p] : loss.get()[p];
    }

    /** Where these maps preview a γ step: the loss as log2 k + γ log2(1 - p_t) per pixel; null otherwise. */
    public GammaRamp ramp() {
        return ramp;
    }

    /** The same, "nll" form (made on first use). */
    public float[] focalNll() {
        return lossNll.get();
    }

    /** Weighted cross-entropy {@code -α log p_t}. */
    public float[] crossEntropy() {
        return crossEntropy;
    }

    /** The loss as the source post's float32 code computes it: +inf or NaN where it breaks (see {@link AsWritten}). */
    public float[] asWritten() {
        return asWritten;
    }

    /** Probability of the labelled class (sigmoid: of the target side of the pixel's channel shown). */
    public float[] pt() {
        return pt.get();
    }

    /** The arg-max class, -1 where the logits are not finite. */
    public int[] predicted() {
        return predicted;
    }

    /** The term these maps are of. */
    public LossTerm term() {
        return term;
    }

    /** Per pixel the L2 norm of d(loss)/d(logits), or null where not asked for. */
    public float[] gradient() {
        return gradient;
    }

    /** The same for cross-entropy under the same weights, or null. */
    public float[] crossEntropyGradient() {
        return crossEntropyGradient;
    }

    /** The term at one pixel's element (its target side with sigmoid). */
    private ElementTerm element(int p) {
        ElementTerm pos = term.positive();
        // the sides differ only for ASL: only then is it worth finding each pixel's side
        return positive == null || pos.equals(term.negative()) || positive.get()[p] ? pos : term.negative();
    }

    private double logOneMinus(int p) {
        return Math.log(oneMinusPt.get()[p]);
    }

    /** The factor the term puts on the cross-entropy at one pixel, {@code (1 - p_t)^γ} (NaN where left out). */
    public float modulation(int p) {
        return Float.isNaN(pt.get()[p]) ? Float.NaN : (float) element(p).modulation(logOneMinus(p));
    }

    /**
     * The term's gradient norm over cross-entropy's at one pixel; where cross-entropy's is 0 (p_t = 1
     * in float), the term's limit there, {@code |slope| / α}.
     */
    public float gradientRatio(int p) {
        float ce = crossEntropyGradient[p];
        if (ce > 0) {
            return gradient[p] / ce;
        }
        float q = oneMinusPt.get()[p];
        return Float.isNaN(q) ? Float.NaN : (float) element(p).gradientRatio(-Math.log1p(-q), Math.log(q));
    }

    /** The γ the term used at one pixel (FLSD-53 picks it by p_t); NaN where left out. */
    public float gammaUsed(int p) {
        return Float.isNaN(pt.get()[p]) ? Float.NaN : (float) element(p).gammaAt(logOneMinus(p));
    }

    /**
     * How the loss at one pixel changes to another evaluation of the same batch, {@code other / this}.
     * For softmax focal loss it is {@code (1 - p_t)^Δγ} from the kept 1 - p_t (the weight and log p_t
     * cancel), which holds where both losses round to 0; else the ratio of the maps, 1 where both are 0.
     */
    public float changeTo(PixelMaps other, int p) {
        if (Float.isNaN(pt.get()[p])) {
            return Float.NaN;
        }
        if (positive == null && term instanceof LossTerm.Focal a && other.term instanceof LossTerm.Focal b) {
            return (float) Math.pow(oneMinusPt.get()[p], b.gamma() - a.gamma());
        }
        float here = lossAt(p, false);
        float there = other.lossAt(p, false);
        return here == 0 && there == 0 ? 1f : there / here;
    }
}
